package dev.triage.events.analysis;

import dev.triage.events.TriageEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One numbered batch of a job's per-test outcomes. A job with many tests sends several batches so that no event
 * exceeds the size limit; {@code (jobId, batch)} is the natural key readers deduplicate on.
 *
 * @param jobId       the job, also the subject id
 * @param jobName     the CI job the run belongs to, when known
 * @param buildNumber the CI build number, when known
 * @param batch       1-based batch number
 * @param batchCount  how many batches the job sends
 * @param outcomes    the tests of this batch
 */
public record TestOutcomesRecorded(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, String jobName, Integer buildNumber, int batch, int batchCount, List<TestOutcome> outcomes)
        implements TriageEvent {

    public static final int SCHEMA_VERSION = 1;

    public TestOutcomesRecorded {
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public static TestOutcomesRecorded of(String requestId, String jobId, String jobName, Integer buildNumber,
            int batch, int batchCount, List<TestOutcome> outcomes) {
        return new TestOutcomesRecorded(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, jobName,
                buildNumber, batch, batchCount, outcomes);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
