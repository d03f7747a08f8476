package dev.triage.platform.deadletters;

import java.util.List;

/**
 * A page of one dead-letter topic.
 *
 * @param topic           the original topic
 * @param deadLetterTopic {@code <topic>.dlt}
 * @param total           records the dead-letter topic holds (all partitions, within retention)
 * @param records         the newest of them, newest first
 * @param complete        false when the time bound cut the reading short
 */
public record DeadLetterTopic(String topic, String deadLetterTopic, long total, List<DeadLetter> records, boolean complete) {
}
