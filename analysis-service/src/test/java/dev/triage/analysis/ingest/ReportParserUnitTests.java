package dev.triage.analysis.ingest;

import static dev.triage.analysis.ingest.JUnitReports.aJUnitReport;
import static dev.triage.analysis.ingest.JUnitReports.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.analysis.ingest.internal.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ReportParserUnitTests {

    private final ReportParser parser = new ReportParser();
    private final ReportParser everyFormat = ReportParser.allFormats(IngestLimits.defaults());

    @Test
    void countsElementsAndGivesTheWorstOutcomePerTestcase() {
        ParsedReport report = parser.parse(aJUnitReport().suite("S")
                .passing("com.acme.A", "ok")
                .failing("com.acme.A", "fails", "expected 1")
                .erroring("com.acme.A", "breaks", "java.lang.IllegalStateException")
                .skipped("com.acme.A", "later")
                .withCase("com.acme.A", "both", "<failure message='f'/><error message='e' type='E'/><skipped/>")
                .stream());

        assertThat(report.totals()).isEqualTo(new ReportTotals(5, 1, 1, 2, 1, 0));
        assertThat(report.failures()).extracting(TestResult::testId)
                .containsExactly("com.acme.A.fails", "com.acme.A.breaks", "com.acme.A.both");
        TestResult both = report.tests().get(4);
        assertThat(both.outcome()).isEqualTo(TestOutcome.ERROR);
        assertThat(Objects.requireNonNull(both.failure()).message()).isEqualTo("e");
        TestResult fails = report.tests().get(1);
        assertThat(fails.suite()).isEqualTo("S");
        assertThat(fails.durationMillis()).isEqualTo(1500);
        assertThat(Objects.requireNonNull(fails.failure()).type()).isEqualTo("java.lang.AssertionError");
        assertThat(fails.failure().stackTrace()).contains("at com.acme.A.fails(Test.java:10)");
    }

    @Test
    void surefireFlakyTestPassedAndIsFlakyWhileRerunFailuresAreOneFailure() {
        ParsedReport report = parser.parse(aJUnitReport().suite("S")
                .withCase("C", "flaky", "<flakyFailure message='first' type='AssertionError'><stackTrace>trace one</stackTrace>"
                        + "<system-out>attempt out</system-out></flakyFailure><flakyError message='second'/>")
                .withCase("C", "broken", "<failure message='last' type='AssertionError'>final</failure>"
                        + "<rerunFailure message='again'><stackTrace>t</stackTrace></rerunFailure><rerunFailure message='again'/>")
                .stream());

        assertThat(report.totals()).isEqualTo(new ReportTotals(2, 1, 1, 0, 0, 1));
        TestResult flaky = report.tests().get(0);
        assertThat(flaky.outcome()).isEqualTo(TestOutcome.FLAKY);
        assertThat(flaky.failedAttempts()).isEqualTo(2);
        assertThat(flaky.failure()).isEqualTo(new FailureDetail("first", "AssertionError", "trace one", false));
        TestResult broken = report.tests().get(1);
        assertThat(broken.outcome()).isEqualTo(TestOutcome.FAILED);
        assertThat(broken.failedAttempts()).isEqualTo(2);
        assertThat(Objects.requireNonNull(broken.failure()).message()).isEqualTo("last");
    }

    @Test
    void readsPropertiesOutputAndNestedSuites() {
        ParsedReport report = parser.parse(xml("""
                \uFEFF<?xml version="1.0"?>
                <!-- a comment -->
                <testsuite name="outer"><properties><property name="suite.prop" value="x"/></properties>
                  <testsuite name="inner">
                    <testcase name="t" classname="">
                      <properties><property name="owner" value="team-a"/><property name="long">text <![CDATA[value]]></property></properties>
                      <system-out><![CDATA[line <1>]]> &amp; more</system-out>
                      <system-err>err</system-err>
                    </testcase>
                  </testsuite>
                  <testcase name="u" classname="K"/>
                </testsuite>
                """));

        assertThat(report.tests()).hasSize(2);
        TestResult t = report.tests().get(0);
        assertThat(t.suite()).isEqualTo("inner");
        assertThat(t.testId()).isEqualTo("inner.t");
        assertThat(t.properties()).containsExactly(java.util.Map.entry("owner", "team-a"), java.util.Map.entry("long", "text value"));
        assertThat(t.systemOut()).isEqualTo("line <1> & more");
        assertThat(t.systemErr()).isEqualTo("err");
        assertThat(report.tests().get(1).suite()).isEqualTo("outer");
        assertThat(report.tests().get(1).testId()).isEqualTo("K.u");
    }

    @Test
    void cutsLongTextAndSaysSo() {
        IngestLimits small = IngestLimits.defaults().withMaxTextChars(20).withMaxOutputChars(5);
        ParsedReport report = new ReportParser(small).parse(aJUnitReport().suite("S")
                .withCase("C", "t", "<failure message='" + "m".repeat(50) + "'>" + "s".repeat(50) + "</failure><system-out>123456789</system-out>")
                .stream());

        TestResult t = report.tests().get(0);
        FailureDetail failure = Objects.requireNonNull(t.failure());
        assertThat(failure.message()).hasSize(20);
        assertThat(failure.stackTrace()).hasSize(20);
        assertThat(failure.truncated()).isTrue();
        assertThat(t.systemOut()).isEqualTo("12345");
        assertThat(t.outputTruncated()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5|1500", "0|0", "'1,234.5'|1234500", "'0,25'|250", "1.7e-05|0", "2.5e-3|3", "150ms|150", "2s|2000",
        "00:01:02.5|62500", "00:00:00.1234567|123", "-345345|0", "abc|0", "''|0", "1m 3s|63000"})
    void readsDurationsInEveryFormatProducersWrite(String raw, long millis) {
        assertThat(Durations.secondsToMillis(raw)).isEqualTo(millis);
    }

    @Test
    void refusesNativeFormatsUnlessAsked() throws IOException {
        try (InputStream in = Files.newInputStream(Corpus.dir().resolve("junit/not-junit/nunit3-output-linux.xml"))) {
            assertThatThrownBy(() -> parser.parse(in)).isInstanceOfSatisfying(ReportException.class,
                    e -> assertThat(e.code()).isEqualTo("unsupported_format"));
        }
    }

    @Test
    void readsNunit3Natively() throws IOException {
        ParsedReport report;
        try (InputStream in = Files.newInputStream(Corpus.dir().resolve("junit/not-junit/nunit3-output-linux.xml"))) {
            report = everyFormat.parse(in);
        }
        assertThat(report.format()).isEqualTo(ReportFormat.NUNIT3);
        assertThat(report.totals()).isEqualTo(new ReportTotals(7, 6, 1, 0, 0, 0));
        TestResult failed = report.failures().get(0);
        assertThat(failed.className()).isNotEmpty();
        assertThat(Objects.requireNonNull(failed.failure()).message()).isNotBlank();
    }

    @Test
    void readsRobotFrameworkNatively() throws IOException {
        ParsedReport report;
        try (InputStream in = Files.newInputStream(Corpus.dir().resolve("junit/not-junit/robot-output.xml"))) {
            report = everyFormat.parse(in);
        }
        assertThat(report.format()).isEqualTo(ReportFormat.ROBOT);
        assertThat(report.totals()).isEqualTo(new ReportTotals(6, 4, 2, 0, 0, 0));
        assertThat(report.failures()).allSatisfy(t -> assertThat(Objects.requireNonNull(t.failure()).message()).isNotBlank());
    }

    @Test
    void readsXunitV2Natively() {
        ParsedReport report = everyFormat.parse(getClass().getResourceAsStream("/ingest/xunit2-sample.xml"));
        assertThat(report.format()).isEqualTo(ReportFormat.XUNIT2);
        assertThat(report.totals()).isEqualTo(new ReportTotals(4, 1, 1, 1, 1, 0));
        assertThat(report.failures()).extracting(TestResult::testId)
                .containsExactly("Calc.Tests.MathTests.Adds(x: 2)", "Calc.Tests.MathTests.Divides");
        assertThat(Objects.requireNonNull(report.failures().get(1).failure()).type()).isEqualTo("System.DivideByZeroException");
        assertThat(report.tests().get(0).properties()).containsEntry("Category", "fast");
    }

    @Test
    void readsTrxNativelyWithClassNamesFromTestDefinitions() {
        ParsedReport report = everyFormat.parse(getClass().getResourceAsStream("/ingest/trx-sample.trx"));
        assertThat(report.format()).isEqualTo(ReportFormat.TRX);
        assertThat(report.totals()).isEqualTo(new ReportTotals(4, 1, 1, 1, 1, 0));
        TestResult failed = report.failures().get(0);
        assertThat(failed.testId()).isEqualTo("Calc.Tests.MathTests.Adds");
        assertThat(failed.durationMillis()).isEqualTo(1250);
        assertThat(Objects.requireNonNull(failed.failure()).message()).isEqualTo("Assert.AreEqual failed. Expected:<3>. Actual:<4>.");
        assertThat(failed.systemOut()).isEqualTo("adding");
    }

    @ParameterizedTest
    @EnumSource(XmlEngine.class)
    void everyEngineReadsTheSameReport(XmlEngine engine) {
        ReportParser withEngine = ReportParser.builder().engine(engine).formats(EnumSet.of(ReportFormat.JUNIT)).build();
        ParsedReport report = withEngine.parse(aJUnitReport().suite("S").passing("C", "a").failing("C", "b", "x &amp; y").stream());
        assertThat(report.totals()).isEqualTo(new ReportTotals(2, 1, 1, 0, 0, 0));
        assertThat(Objects.requireNonNull(report.failures().get(0).failure()).message()).isEqualTo("x & y");
        assertThat(withEngine.engine()).isEqualTo(engine);
    }
}
