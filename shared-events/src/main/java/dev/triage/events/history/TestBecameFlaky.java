package dev.triage.events.history;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A test got the FLAKY label with this job's run.
 *
 * @param jobId        the job whose run made the test flaky, also the subject id
 * @param testId       the test
 * @param reason       {@code passed_on_rerun}, {@code same_build_mixed} or {@code flip_rate}
 * @param evidenceJobs the jobs of the runs that show it
 */
public record TestBecameFlaky(UUID eventId, Instant occurredAt, String requestId, int schemaVersion, String jobId,
        String testId, String reason, List<String> evidenceJobs) implements HistoryEvent {

    public static final int SCHEMA_VERSION = 1;

    public TestBecameFlaky {
        evidenceJobs = evidenceJobs == null ? List.of() : List.copyOf(evidenceJobs);
    }

    public static TestBecameFlaky of(String requestId, String jobId, String testId, String reason, List<String> evidenceJobs) {
        return new TestBecameFlaky(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, testId, reason,
                evidenceJobs);
    }
}
