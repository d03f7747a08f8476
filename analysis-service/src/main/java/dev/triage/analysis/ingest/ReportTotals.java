package dev.triage.analysis.ingest;

/**
 * Element-based counts of one report (see "Counting" in docs/ingest.md). {@code tests = passed + failures + errors + skipped};
 * {@code flaky} tests are already in {@code passed}.
 */
public record ReportTotals(int tests, int passed, int failures, int errors, int skipped, int flaky) {
}
