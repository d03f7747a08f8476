package dev.triage.platform.deadletters;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a re-drive of one dead letter did.
 *
 * @param topic     the original topic
 * @param partition the dead letter's partition in {@code <topic>.dlt}
 * @param offset    the dead letter's offset there
 * @param status    {@link Status}
 * @param at        when it was published (for {@link Status#ALREADY_REDRIVEN}, the first time); null otherwise
 * @param toPartition the partition of the original topic it went to, or -1
 * @param toOffset    the offset it got there, or -1
 */
public record Redrive(String topic, int partition, long offset, Status status, @Nullable Instant at,
        int toPartition, long toOffset) {

    /** Outcome of one re-drive. */
    public enum Status {
        /** Published to the original topic now. */
        REDRIVEN,
        /** Published by an earlier call; not published again. */
        ALREADY_REDRIVEN,
        /** Another call is publishing it right now. */
        IN_PROGRESS,
        /** No record at these coordinates (never existed, or removed by retention). */
        NOT_FOUND,
        /** Kafka did not take it; nothing was recorded, so it may be tried again. */
        FAILED;

        /** The wire name: lower case. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Redrive of(RecordRef ref, Status status) {
        return new Redrive(ref.topic(), ref.partition(), ref.offset(), status, null, -1, -1);
    }
}
