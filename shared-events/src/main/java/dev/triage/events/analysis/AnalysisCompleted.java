package dev.triage.events.analysis;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job finished and its result is stored by the analysis service.
 *
 * @param jobId           the job, also the subject id
 * @param sequence        after every progress event of the job
 * @param totals          test counts
 * @param failureGroups   how many groups of failures sharing a root cause were found
 * @param classifications how many groups got each classification, e.g. {@code {"CODE ISSUE": 2}}
 * @param summary         one line for lists and notifications
 */
public record AnalysisCompleted(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, long sequence, Totals totals, int failureGroups, Map<String, Integer> classifications,
        String summary) implements AnalysisOutcome {

    public static final int SCHEMA_VERSION = 1;

    public AnalysisCompleted {
        classifications = classifications == null ? Map.of() : Map.copyOf(classifications);
    }

    public static AnalysisCompleted of(String requestId, String jobId, long sequence, Totals totals, int failureGroups,
            Map<String, Integer> classifications, String summary) {
        return new AnalysisCompleted(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, sequence,
                totals, failureGroups, classifications, summary);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
