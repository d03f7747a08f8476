package dev.triage.analysis.ingest;

/**
 * Bounds applied to every report read or enriched. A report over a hard limit is rejected with a
 * {@link ReportException}; text over a field limit is cut and flagged, never rejected.
 *
 * @param maxReportBytes largest accepted report, in bytes as read from the stream
 * @param maxDepth deepest element nesting accepted (the root element is depth 1)
 * @param maxTests most test results in one report
 * @param maxMarkupBytes longest single tag accepted, attributes included, in bytes (bounds any one attribute value)
 * @param maxTextChars characters kept of a failure message or stack trace; the rest is cut and flagged
 * @param maxOutputChars characters kept of a test's system-out and of its system-err; the rest is cut and flagged
 * @param maxPropertiesPerTest properties kept per test; later ones are dropped
 */
public record IngestLimits(long maxReportBytes, int maxDepth, int maxTests, int maxMarkupBytes, int maxTextChars,
        int maxOutputChars, int maxPropertiesPerTest) {

    /** 256 MiB, depth 256, 200,000 tests, 4 MiB per tag, 64 Ki chars of message/stack, 16 Ki chars of output, 256 properties. */
    public static final IngestLimits DEFAULTS = new IngestLimits(256L << 20, 256, 200_000, 4 << 20, 64 << 10, 16 << 10, 256);

    public IngestLimits {
        if (maxReportBytes < 1 || maxDepth < 2 || maxTests < 0 || maxMarkupBytes < 64 || maxTextChars < 1 || maxOutputChars < 0
                || maxPropertiesPerTest < 0) {
            throw new IllegalArgumentException("Ingest limits out of range: " + this);
        }
    }

    public static IngestLimits defaults() {
        return DEFAULTS;
    }

    public IngestLimits withMaxReportBytes(long bytes) {
        return new IngestLimits(bytes, maxDepth, maxTests, maxMarkupBytes, maxTextChars, maxOutputChars, maxPropertiesPerTest);
    }

    public IngestLimits withMaxDepth(int depth) {
        return new IngestLimits(maxReportBytes, depth, maxTests, maxMarkupBytes, maxTextChars, maxOutputChars, maxPropertiesPerTest);
    }

    public IngestLimits withMaxTests(int tests) {
        return new IngestLimits(maxReportBytes, maxDepth, tests, maxMarkupBytes, maxTextChars, maxOutputChars, maxPropertiesPerTest);
    }

    public IngestLimits withMaxMarkupBytes(int bytes) {
        return new IngestLimits(maxReportBytes, maxDepth, maxTests, bytes, maxTextChars, maxOutputChars, maxPropertiesPerTest);
    }

    public IngestLimits withMaxTextChars(int chars) {
        return new IngestLimits(maxReportBytes, maxDepth, maxTests, maxMarkupBytes, chars, maxOutputChars, maxPropertiesPerTest);
    }

    public IngestLimits withMaxOutputChars(int chars) {
        return new IngestLimits(maxReportBytes, maxDepth, maxTests, maxMarkupBytes, maxTextChars, chars, maxPropertiesPerTest);
    }
}
