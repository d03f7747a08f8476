package dev.triage.analysis.jobs;

import dev.triage.analysis.ingest.ErrorSignature;
import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ParsedReport;
import dev.triage.analysis.ingest.ReportEnricher;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportParser;
import dev.triage.analysis.ingest.Signatures;
import dev.triage.analysis.ingest.TestResult;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import dev.triage.platform.mongo.PayloadStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads test reports with the ingest engine and writes them back enriched with the analysis.
 *
 * <p>By default only JUnit/xUnit XML is accepted, as the corpus ground truth expects of a JUnit ingest; a request with
 * {@code report_format=auto} also reads NUnit 3, Robot Framework, xUnit.net v2 and TRX natively.
 */
@Component
class ReportInputs {

    /** Request parameter that selects native reading of non-JUnit formats. */
    static final String FORMAT_PARAMETER = "report_format";

    private final ReportParser junit = new ReportParser(IngestLimits.defaults());
    private final ReportParser allFormats = ReportParser.allFormats(IngestLimits.defaults());
    private final ReportEnricher enricher = new ReportEnricher(IngestLimits.defaults());
    private final PayloadStore payloads;

    ReportInputs(PayloadStore payloads) {
        this.payloads = payloads;
    }

    AnalysisInput read(InputStream in, Map<String, Object> parameters) {
        ReportParser parser = "auto".equals(parameters.get(FORMAT_PARAMETER)) ? allFormats : junit;
        ParsedReport report;
        try {
            report = parser.parse(in);
        } catch (ReportException e) {
            throw new JobFailure(e.code(), e.getMessage());
        }
        List<TestOutcome> outcomes = new ArrayList<>(report.tests().size());
        List<FailureItem> failures = new ArrayList<>();
        for (TestResult test : report.tests()) {
            String outcome = test.outcome().name().toLowerCase(Locale.ROOT);
            if (test.outcome().isFailure() && test.failure() != null) {
                ErrorSignature signature = Signatures.of(test);
                String message = test.failure().message() == null ? "" : test.failure().message();
                failures.add(new FailureItem(test.testId(), test.testId(), outcome, test.durationMillis(),
                        signature.exceptionType(), message, test.failure().stackTrace(), signature.hash(),
                        signature.legacyHash(), console(test)));
                outcomes.add(new TestOutcome(test.testId(), test.suite(), outcome, test.durationMillis(), signature.hash(),
                        FailureSigner.excerpt(message)));
            } else {
                outcomes.add(new TestOutcome(test.testId(), test.suite(), outcome, test.durationMillis(), null, null));
            }
        }
        var t = report.totals();
        return new AnalysisInput(new Totals(t.tests(), t.passed(), t.failures(), t.errors(), t.skipped(), t.flaky()),
                outcomes, failures);
    }

    /** The test's system-out and system-err, for the classification rules that read the console. */
    private static String console(TestResult test) {
        String out = test.systemOut() == null ? "" : test.systemOut();
        String err = test.systemErr() == null ? "" : test.systemErr();
        return out.isEmpty() || err.isEmpty() ? out + err : out + "\n" + err;
    }

    /** Stores the report with the analysis added per failed test; returns its payload id, or null without input. */
    @Nullable String enrich(@Nullable PayloadRef original, List<FailureGroup> groups) {
        if (original == null || groups.isEmpty()) {
            return null;
        }
        Map<String, Map<String, String>> properties = new HashMap<>();
        for (FailureGroup group : groups) {
            for (FailureItem failure : group.failures()) {
                properties.put(failure.testId(), Map.of(
                        "ai_classification", group.classification().category(),
                        "ai_details", group.classification().reason(),
                        "ai_confidence", String.format(Locale.ROOT, "%.2f", group.classification().confidence()),
                        "ai_error_signature", group.signature()));
            }
        }
        var source = payloads.open(original.id());
        if (source.isEmpty()) {
            return null;
        }
        try (InputStream in = source.get()) {
            return payloads.store("application/xml", Long.MAX_VALUE, out -> enricher.enrich(in, out, properties)).id();
        } catch (IOException | ReportException e) {
            return null;
        }
    }
}
