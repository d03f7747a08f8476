package dev.triage.platform.kafka;

import dev.triage.events.TriageEvent;
import dev.triage.events.kafka.TriageEventSerializer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes dead letters: the original bytes when the record could not even be read, the event as JSON otherwise, so the
 * dead-letter topic always holds what arrived.
 */
class DeadLetterSerializer implements Serializer<Object> {

    private final TriageEventSerializer events = new TriageEventSerializer();

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        return switch (data) {
            case null -> null;
            case byte[] bytes -> bytes;
            case TriageEvent event when headers != null -> events.serialize(topic, headers, event);
            case TriageEvent event -> events.serialize(topic, event);
            default -> data.toString().getBytes(StandardCharsets.UTF_8);
        };
    }
}
