package dev.triage.analysis.classify;

import org.jspecify.annotations.Nullable;

/**
 * What a classifier looks at for one failure group: the representative failure's exception type, message, stack and
 * console output.
 *
 * @param testId        the representative test
 * @param exceptionType the exception or failure type, may be null
 * @param message       the failure message, may be empty
 * @param stackTrace    the stack trace, may be empty
 * @param console       the test's console output (standard output and error), may be empty
 */
public record FailureEvidence(String testId, @Nullable String exceptionType, String message, String stackTrace,
        String console) {

    public FailureEvidence {
        message = message == null ? "" : message;
        stackTrace = stackTrace == null ? "" : stackTrace;
        console = console == null ? "" : console;
    }

    /** Evidence without console output. */
    public FailureEvidence(String testId, @Nullable String exceptionType, String message, String stackTrace) {
        this(testId, exceptionType, message, stackTrace, "");
    }
}
