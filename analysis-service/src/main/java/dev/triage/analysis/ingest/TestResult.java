package dev.triage.analysis.ingest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One test result as read from a report.
 *
 * @param suite name of the innermost enclosing suite, empty when none
 * @param className the class (or file, or group) the producer names, empty when absent
 * @param name the test name
 * @param testId canonical id, stable across runs: {@code className.name}, or {@code suite.name} when there is no class name
 * @param outcome worst result of the test
 * @param durationMillis duration in milliseconds, 0 when missing or unreadable
 * @param failure failure details for FAILED/ERROR (first failed attempt for FLAKY), else null
 * @param systemOut excerpt of the test's standard output, null when none
 * @param systemErr excerpt of the test's standard error, null when none
 * @param outputTruncated true when systemOut or systemErr was cut at {@link IngestLimits#maxOutputChars()}
 * @param failedAttempts failed attempts reported before the final one (flaky or rerun failures), 0 when not retried
 * @param properties the test's own properties, in document order
 */
public record TestResult(String suite, String className, String name, String testId, TestOutcome outcome, long durationMillis,
        @Nullable FailureDetail failure, @Nullable String systemOut, @Nullable String systemErr, boolean outputTruncated,
        int failedAttempts, Map<String, String> properties) {

    public TestResult {
        properties = properties.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
