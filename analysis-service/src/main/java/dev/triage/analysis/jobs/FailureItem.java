package dev.triage.analysis.jobs;

import org.jspecify.annotations.Nullable;

/**
 * One failed test as the worker sees it, from a failure list or a report.
 *
 * @param testId          canonical id ({@code classname.name})
 * @param testName        the name shown to people (the API's {@code test_name})
 * @param outcome         {@code failed} or {@code error}
 * @param durationMs      reported duration
 * @param exceptionType   failure or exception type, when the input has one
 * @param message         failure message
 * @param stackTrace      stack trace or failure text
 * @param signature       normalised error signature: equal for the same root cause across runs
 * @param legacySignature {@code sha256(message|first five stack lines)}, kept for rootcoz compatibility
 * @param console         the test's console output (system-out and system-err of a report), empty when none
 */
record FailureItem(String testId, String testName, String outcome, long durationMs, @Nullable String exceptionType,
        String message, String stackTrace, String signature, String legacySignature, String console) {

    FailureItem(String testId, String testName, String outcome, long durationMs, @Nullable String exceptionType,
            String message, String stackTrace, String signature, String legacySignature) {
        this(testId, testName, outcome, durationMs, exceptionType, message, stackTrace, signature, legacySignature, "");
    }
}
