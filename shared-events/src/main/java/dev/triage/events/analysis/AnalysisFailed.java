package dev.triage.events.analysis;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job could not be analysed.
 *
 * @param jobId    the job, also the subject id
 * @param sequence after every progress event of the job
 * @param code     a stable machine-readable reason, e.g. {@code invalid_report}, {@code cancelled}
 * @param message  a sentence for people; never an exception trace
 * @param steps    progress steps the worker had not sent on their own, oldest first (since version 2; empty in
 *                 version 1)
 */
public record AnalysisFailed(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, long sequence, String code, String message, List<ProgressStep> steps) implements AnalysisOutcome {

    public static final int SCHEMA_VERSION = 2;

    public AnalysisFailed {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public static AnalysisFailed of(String requestId, String jobId, long sequence, String code, String message,
            List<ProgressStep> steps) {
        return new AnalysisFailed(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, sequence, code,
                message, steps);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
