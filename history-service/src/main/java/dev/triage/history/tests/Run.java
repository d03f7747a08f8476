package dev.triage.history.tests;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
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

    /**
     * The run as the test's document keeps it: a positional array {@code [job_id, job_name, build_number, outcome,
     * signature, message, duration_ms, at]} rather than a sub-document. A test's document holds up to 50 runs and is
     * read, copied (by the embedded store, on every update) and written whole, so leaving the field names out of each
     * run makes every one of those steps cheaper.
     */
    List<@Nullable Object> toStored() {
        return Arrays.asList(jobId, jobName, buildNumber, outcome, signature, message, durationMs, Date.from(at));
    }

    /** A run as {@link #toStored()} keeps it, or as a sub-document with named fields, as documents written before kept it. */
    static Run of(Object stored) {
        if (stored instanceof Document d) {
            Number duration = d.get("duration_ms", Number.class);
            return new Run(d.getString("job_id"), d.getString("job_name"), d.getInteger("build_number"), d.getString("outcome"),
                    d.getString("signature"), d.getString("message"), duration == null ? 0 : duration.longValue(),
                    d.getDate("at").toInstant());
        }
        List<?> a = (List<?>) stored;
        Number build = (Number) a.get(2);
        Number duration = (Number) a.get(6);
        return new Run((String) a.get(0), (String) a.get(1), build == null ? null : build.intValue(), (String) a.get(3),
                (String) a.get(4), (String) a.get(5), duration == null ? 0 : duration.longValue(), ((Date) a.get(7)).toInstant());
    }
}
