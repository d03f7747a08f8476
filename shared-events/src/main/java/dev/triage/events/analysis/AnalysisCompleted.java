package dev.triage.events.analysis;

import java.time.Instant;
import java.util.List;
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
 * @param steps           progress steps the worker had not sent on their own, oldest first (since version 2;
 *                        empty in version 1)
 */
public record AnalysisCompleted(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, long sequence, Totals totals, int failureGroups, Map<String, Integer> classifications,
        String summary, List<ProgressStep> steps) implements AnalysisOutcome {

    public static final int SCHEMA_VERSION = 2;

    public AnalysisCompleted {
        classifications = classifications == null ? Map.of() : Map.copyOf(classifications);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static AnalysisCompleted of(String requestId, String jobId, long sequence, Totals totals, int failureGroups,
            Map<String, Integer> classifications, String summary, List<ProgressStep> steps) {
        return new AnalysisCompleted(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, sequence,
                totals, failureGroups, classifications, summary, steps);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
