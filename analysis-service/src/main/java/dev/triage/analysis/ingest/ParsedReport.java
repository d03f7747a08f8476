package dev.triage.analysis.ingest;

import java.util.List;

/**
 * A report read by {@link ReportParser}.
 *
 * @param format the dialect detected from the root element
 * @param totals element-based counts
 * @param tests every test result in document order (retries written as separate testcases stay separate)
 */
public record ParsedReport(ReportFormat format, ReportTotals totals, List<TestResult> tests) {

    public ParsedReport {
        tests = List.copyOf(tests);
    }

    /** Results that did not pass (FAILED and ERROR), in document order. */
    public List<TestResult> failures() {
        return tests.stream().filter(t -> t.outcome().isFailure()).toList();
    }

    /** Results that passed after failed attempts. */
    public List<TestResult> flaky() {
        return tests.stream().filter(t -> t.outcome() == TestOutcome.FLAKY).toList();
    }
}
