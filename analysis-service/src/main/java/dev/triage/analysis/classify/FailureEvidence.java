package dev.triage.analysis.classify;

import org.jspecify.annotations.Nullable;

/**
 * What a classifier looks at for one failure group: the representative failure's exception type, message and stack.
 *
 * @param testId        the representative test
 * @param exceptionType the exception or failure type, may be null
 * @param message       the failure message, may be empty
 * @param stackTrace    the stack trace, may be empty
 */
public record FailureEvidence(String testId, @Nullable String exceptionType, String message, String stackTrace) {
}
