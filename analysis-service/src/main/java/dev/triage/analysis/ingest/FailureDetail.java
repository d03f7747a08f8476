package dev.triage.analysis.ingest;

import org.jspecify.annotations.Nullable;

/**
 * What a report says about a failure (or, for a flaky test, its first failed attempt).
 *
 * @param message the failure message, null when the report gives none
 * @param type the exception or failure type as written by the producer, null when absent
 * @param stackTrace the body of the failure element (usually the stack trace), empty when absent
 * @param truncated true when the message or stack trace was cut at {@link IngestLimits#maxTextChars()}
 */
public record FailureDetail(@Nullable String message, @Nullable String type, String stackTrace, boolean truncated) {
}
