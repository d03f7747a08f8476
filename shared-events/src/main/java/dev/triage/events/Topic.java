package dev.triage.events;

import java.util.Objects;

/**
 * A topic declared once: its name, key and value types, partition count and the service that writes it.
 *
 * @param name       the Kafka topic name, {@code triage.<owner>.<fact>}
 * @param keyType    the Java type of the record key (always the subject id, a string)
 * @param valueType  the event type, or the common interface of the event types, carried on this topic
 * @param partitions the default partition count; operators may raise it
 * @param writer     the only service that produces to this topic
 * @param <V>        the value type
 */
public record Topic<V extends TriageEvent>(String name, Class<String> keyType, Class<V> valueType, int partitions, Writer writer) {

    /** The suffix of the dead-letter topic that failed records of a topic go to. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(writer, "writer");
        if (!name.startsWith("triage.")) {
            throw new IllegalArgumentException("topic names start with 'triage.': " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
    }

    static <V extends TriageEvent> Topic<V> of(String name, Class<V> valueType, int partitions, Writer writer) {
        return new Topic<>(name, String.class, valueType, partitions, writer);
    }

    /** The dead-letter topic of this topic. */
    public String deadLetterName() {
        return name + DEAD_LETTER_SUFFIX;
    }
}
