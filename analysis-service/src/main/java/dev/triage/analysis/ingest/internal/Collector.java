package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.FailureDetail;
import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import dev.triage.analysis.ingest.ReportTotals;
import dev.triage.analysis.ingest.TestOutcome;
import dev.triage.analysis.ingest.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Gathers test results and counts them, refusing more than the limit. */
final class Collector {

    private final IngestLimits limits;
    private final List<TestResult> tests = new ArrayList<>();
    private int passed;
    private int failures;
    private int errors;
    private int skipped;
    private int flaky;

    Collector(IngestLimits limits) {
        this.limits = limits;
    }

    void add(String suite, String className, String name, TestOutcome outcome, long durationMillis, @Nullable FailureDetail failure,
            @Nullable String systemOut, @Nullable String systemErr, boolean outputTruncated, int failedAttempts,
            Map<String, String> properties) {
        if (tests.size() >= limits.maxTests()) {
            throw tooMany(limits);
        }
        switch (outcome) {
            case PASSED -> passed++;
            case FLAKY -> {
                passed++;
                flaky++;
            }
            case FAILED -> failures++;
            case ERROR -> errors++;
            case SKIPPED -> skipped++;
            default -> throw new IllegalStateException("outcome " + outcome);
        }
        tests.add(new TestResult(suite, className, name, TestIds.of(suite, className, name), outcome, durationMillis, failure,
                systemOut, systemErr, outputTruncated, failedAttempts, properties));
    }

    static ReportException tooMany(IngestLimits limits) {
        return new ReportException(Code.TOO_MANY_TESTS, "Report has more than the limit of " + limits.maxTests() + " tests");
    }

    int size() {
        return tests.size();
    }

    List<TestResult> tests() {
        return tests;
    }

    ReportTotals totals() {
        return new ReportTotals(tests.size(), passed, failures, errors, skipped, flaky);
    }
}
