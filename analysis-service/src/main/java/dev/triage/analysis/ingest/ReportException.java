package dev.triage.analysis.ingest;

import org.jspecify.annotations.Nullable;

/**
 * A report that cannot be read. {@link #code()} is stable and safe to show to the person who uploaded it; the message
 * says what is wrong and, where it helps, {@link #line()} and {@link #column()} say where (1-based). Carries no stack
 * trace: it describes the input, not the program.
 */
public final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a report was rejected. */
    public enum Code {
        /** Zero bytes, or only whitespace. */
        EMPTY_REPORT("empty_report"),
        /** Not well-formed XML, truncated, or not XML at all. */
        INVALID_REPORT("invalid_report"),
        /** Well-formed XML that is not a test report this parser was asked to read. */
        UNSUPPORTED_FORMAT("unsupported_format"),
        /** A DOCTYPE declaration: never processed, always refused (XXE, entity expansion). */
        DTD_NOT_ALLOWED("dtd_not_allowed"),
        /** Over {@link IngestLimits#maxReportBytes()} or {@link IngestLimits#maxMarkupBytes()}. */
        REPORT_TOO_LARGE("report_too_large"),
        /** Nested deeper than {@link IngestLimits#maxDepth()}. */
        REPORT_TOO_DEEP("report_too_deep"),
        /** More tests than {@link IngestLimits#maxTests()}. */
        TOO_MANY_TESTS("too_many_tests"),
        /** The input stream itself failed. */
        READ_FAILED("read_failed");

        private final String id;

        Code(String id) {
            this.id = id;
        }

        /** The wire form, e.g. {@code invalid_report}. */
        public String id() {
            return id;
        }
    }

    private final Code code;
    private final @Nullable Integer line;
    private final @Nullable Integer column;

    public ReportException(Code code, String message) {
        this(code, message, null, null);
    }

    public ReportException(Code code, String message, @Nullable Integer line, @Nullable Integer column) {
        super(message + (line == null ? "" : column == null ? " (line " + line + ")" : " (line " + line + ", column " + column + ")"),
                null, false, false);
        this.code = code;
        this.line = line;
        this.column = column;
    }

    /** Stable machine-readable reason, e.g. {@code invalid_report}. */
    public String code() {
        return code.id();
    }

    public Code kind() {
        return code;
    }

    /** 1-based line of the problem, when known. */
    public @Nullable Integer line() {
        return line;
    }

    /** 1-based column of the problem, when known. */
    public @Nullable Integer column() {
        return column;
    }
}
