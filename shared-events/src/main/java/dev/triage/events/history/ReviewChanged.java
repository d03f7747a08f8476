package dev.triage.events.history;

import java.time.Instant;
import java.util.UUID;

/**
 * A failure of a job was marked reviewed or unmarked.
 *
 * @param jobId     the job, also the subject id
 * @param reviewKey the test name, or {@code child_job_name#child_build_number::test_name} for a child job's failure
 * @param reviewed  the new state
 * @param actor     who changed it
 */
public record ReviewChanged(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        String reviewKey, boolean reviewed, String actor) implements HistoryEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ReviewChanged of(String requestId, String jobId, String reviewKey, boolean reviewed, String actor) {
        return new ReviewChanged(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, reviewKey, reviewed,
                actor);
    }
}
