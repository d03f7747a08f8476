package dev.triage.events.analysis;

/**
 * One test's result in one job.
 *
 * @param testId     the canonical id, {@code classname.name}, stable across runs
 * @param suite      the suite name as the report gives it; may be null
 * @param outcome    {@code passed}, {@code failed}, {@code error}, {@code skipped} or {@code flaky}
 * @param durationMs the reported duration, 0 when absent
 * @param signature  the normalised error signature of a failure; null when the test did not fail
 * @param message    the failure message, cut to a few hundred characters; null when the test did not fail
 */
public record TestOutcome(String testId, String suite, String outcome, long durationMs, String signature, String message) {
}
