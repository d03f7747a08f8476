package dev.triage.analysis.ingest;

/** Outcome of one test result; when a report says several things, the worst wins (ERROR over FAILED over SKIPPED). */
public enum TestOutcome {
    PASSED,
    /** An assertion failed. */
    FAILED,
    /** The test broke with an unexpected error. */
    ERROR,
    SKIPPED,
    /** Passed after one or more failed attempts (Surefire {@code flakyFailure}/{@code flakyError}); counts as passed and as flaky. */
    FLAKY;

    /** FAILED or ERROR: the test did not pass. */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }
}
