package dev.triage.events.jobs;

import dev.triage.events.TriageEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Someone asked to cancel a job. The worker that holds it stops at the next phase boundary and reports
 * {@code AnalysisFailed} with code {@code cancelled}.
 *
 * @param jobId       the job, also the subject id
 * @param requestedBy who asked: a user name or {@code token:<name>}
 */
public record JobCancelRequested(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        String requestedBy) implements TriageEvent {

    public static final int SCHEMA_VERSION = 1;

    public static JobCancelRequested of(String requestId, String jobId, String requestedBy) {
        return new JobCancelRequested(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, requestedBy);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
