package dev.triage.analysis.ingest;

import dev.triage.analysis.ingest.internal.EnrichingCopier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a JUnit report back with analysis results added as {@code <property>} elements on the tests they belong to
 * (e.g. {@code ai_classification}, {@code ai_details}). Streams: memory does not grow with the report. Every byte of the
 * original is kept; only the property elements are inserted (see docs/ingest.md, "Enriched XML"). Thread-safe.
 *
 * <p>The enricher checks limits, DOCTYPE and truncation, but it is a lexer, not a validating parser: read the report with
 * {@link ReportParser} first (the analysis needs that anyway) to reject what is not well-formed.
 */
public final class ReportEnricher {

    private final IngestLimits limits;

    public ReportEnricher() {
        this(IngestLimits.defaults());
    }

    public ReportEnricher(IngestLimits limits) {
        this.limits = limits;
    }

    /**
     * Copies {@code original} to {@code out}, adding to each testcase whose canonical test id (see {@link TestResult#testId()})
     * is a key of {@code propertiesByTestId} one {@code <property name value/>} per map entry, in map order. Tests repeated
     * in the report (reruns) all receive them. Neither stream is closed.
     *
     * @throws ReportException for a report that breaks a limit, has a DOCTYPE, is truncated or is UTF-16
     * @throws UncheckedIOException when reading or writing fails
     */
    public void enrich(InputStream original, OutputStream out, Map<String, Map<String, String>> propertiesByTestId) {
        enrichCounting(original, out, propertiesByTestId);
    }

    /** As {@link #enrich}, and returns how many testcase elements received properties. */
    public int enrichCounting(InputStream original, OutputStream out, Map<String, Map<String, String>> propertiesByTestId) {
        try {
            return new EnrichingCopier(original, out, limits, propertiesByTestId).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
