package dev.triage.events.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A test that passed in its recent runs failed with a signature it never failed with before.
 *
 * @param jobId       the job whose run failed, also the subject id
 * @param testId      the test
 * @param jobName     the CI job name of the failing run; may be null
 * @param signature   the new error signature
 * @param passingJobs the jobs of the passing runs before it, oldest first (the evidence)
 */
public record RegressionDetected(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        String testId, String jobName, String signature, List<String> passingJobs) implements HistoryEvent {

    public static final int SCHEMA_VERSION = 1;

    public RegressionDetected {
        passingJobs = passingJobs == null ? List.of() : List.copyOf(passingJobs);
    }

    public static RegressionDetected of(String requestId, String jobId, String testId, String jobName, String signature,
            List<String> passingJobs) {
        return new RegressionDetected(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, testId, jobName,
                signature, passingJobs);
    }
}
