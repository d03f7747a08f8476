package dev.triage.platform.deadletters;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One record in a dead-letter topic.
 *
 * @param partition         its partition in the dead-letter topic
 * @param offset            its offset there: with the partition, what a re-drive names
 * @param key               the record key (the subject id), or null
 * @param timestamp         the record's timestamp in the dead-letter topic
 * @param exception         the class of the exception the consumer gave up on, or null when the header is missing
 * @param reason            the exception message, shortened, or null
 * @param originalPartition where it was consumed from, or -1 when unknown
 * @param originalOffset    its offset there, or -1 when unknown
 * @param valueSize         bytes in the value
 * @param valuePreview      the start of the value as text, for recognising it
 * @param redrive           the re-drive of this record, or null when it was never re-driven
 */
public record DeadLetter(int partition, long offset, @Nullable String key, Instant timestamp, @Nullable String exception,
        @Nullable String reason, int originalPartition, long originalOffset, int valueSize, String valuePreview,
        @Nullable Redrive redrive) {
}
