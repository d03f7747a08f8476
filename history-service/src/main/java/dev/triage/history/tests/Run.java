package dev.triage.history.tests;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One test's result in one job, as kept in the test's document.
 *
 * @param jobId       the analysis job
 * @param jobName     the CI job name; may be null
 * @param buildNumber the CI build number; may be null
 * @param outcome     {@code passed}, {@code failed}, {@code error}, {@code skipped} or {@code flaky} (passed on rerun)
 * @param signature   the error signature of a failure; null otherwise
 * @param message     the failure message; null otherwise
 * @param durationMs  duration in milliseconds
 * @param at          when the job's outcomes were recorded
 */
public record Run(String jobId, @Nullable String jobName, @Nullable Integer buildNumber, String outcome,
        @Nullable String signature, @Nullable String message, long durationMs, Instant at) {

    /** Failed or errored. */
    public boolean failed() {
        return "failed".equals(outcome) || "error".equals(outcome);
    }

    /** Passed, possibly on a rerun. */
    public boolean passed() {
        return "passed".equals(outcome) || "flaky".equals(outcome);
    }

    Document toDocument() {
        return new Document("job_id", jobId).append("job_name", jobName).append("build_number", buildNumber)
                .append("outcome", outcome).append("signature", signature).append("message", message)
                .append("duration_ms", durationMs).append("at", Date.from(at));
    }

    static Run of(Document d) {
        Number duration = d.get("duration_ms", Number.class);
        return new Run(d.getString("job_id"), d.getString("job_name"), d.getInteger("build_number"), d.getString("outcome"),
                d.getString("signature"), d.getString("message"), duration == null ? 0 : duration.longValue(),
                d.getDate("at").toInstant());
    }
}
