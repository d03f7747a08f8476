package dev.triage.events.analysis;

/**
 * Test counts of one report or job, counted from the elements of the report (see the corpus counting policy).
 * {@code flaky} tests passed on a rerun and are also counted in {@code passed}.
 */
public record Totals(int tests, int passed, int failures, int errors, int skipped, int flaky) {

    public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);
}
