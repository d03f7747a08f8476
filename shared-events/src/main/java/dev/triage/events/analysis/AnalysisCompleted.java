package dev.triage.events.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 * @param result          the stored result as the analysis service serves it (JSON), so that a gateway with a request
 *                        waiting for this job answers without fetching it; only on the worker's first send and only
 *                        up to {@link #MAX_RESULT_CHARS} (never in the stored outbox, so a re-sent event has none).
 *                        Since version 2
 */
public record AnalysisCompleted(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, long sequence, Totals totals, int failureGroups, Map<String, Integer> classifications,
        String summary, List<ProgressStep> steps, @Nullable String result) implements AnalysisOutcome {

    public static final int SCHEMA_VERSION = 2;
    /** Results larger than this are fetched by whoever needs them, not carried. */
    public static final int MAX_RESULT_CHARS = 64 * 1024;

    public AnalysisCompleted {
        classifications = classifications == null ? Map.of() : Map.copyOf(classifications);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static AnalysisCompleted of(String requestId, String jobId, long sequence, Totals totals, int failureGroups,
            Map<String, Integer> classifications, String summary, List<ProgressStep> steps) {
        return new AnalysisCompleted(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, sequence,
                totals, failureGroups, classifications, summary, steps, null);
    }

    /** The same event (same id) carrying the result, or as it is when the result is too large to carry. */
    public AnalysisCompleted carrying(String resultJson) {
        return resultJson.length() > MAX_RESULT_CHARS ? this : new AnalysisCompleted(eventId, occurredAt, requestId,
                schemaVersion, jobId, sequence, totals, failureGroups, classifications, summary, steps, resultJson);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
