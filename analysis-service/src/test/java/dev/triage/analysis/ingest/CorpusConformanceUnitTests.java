package dev.triage.analysis.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file under the corpus junit/ directory against expected.json: counts (tests, passed, failures, errors, skipped,
 * flaky), failed and flaky test names where listed, and a typed error for every file expected to have no counts.
 */
class CorpusConformanceUnitTests {

    private static final ReportParser PARSER = new ReportParser();

    private static Path corpus;
    private static JsonNode expected;

    @BeforeAll
    static void loadCorpus() throws IOException {
        corpus = Corpus.dir();
        expected = JsonMapper.builder().build().readTree(corpus.resolve("expected.json").toFile());
    }

    @Test
    void everyJunitFileHasAnExpectation() throws IOException {
        List<String> files;
        try (Stream<Path> all = Corpus.junitFiles(corpus)) {
            files = all.map(this::key).toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        assertThat(files).allSatisfy(key -> assertThat(expected.has(key)).as("expected.json has %s", key).isTrue());
    }

    @TestFactory
    Stream<DynamicTest> everyJunitFileMatchesExpectedJson() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Corpus.junitFiles(corpus)) {
            files = all.toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(key(file), () -> check(file, expected.get(key(file)))));
    }

    private String key(Path file) {
        return corpus.relativize(file).toString().replace('\\', '/');
    }

    private static void check(Path file, JsonNode want) throws IOException {
        if (want.get("tests").isNull()) {
            ReportException error;
            try (InputStream in = Files.newInputStream(file)) {
                error = catchThrowableOfType(ReportException.class, () -> PARSER.parse(in));
            }
            assertThat(error).as("a typed error for %s", file).isNotNull();
            if (want.path("valid_xml").asBoolean(true)) {
                assertThat(error.code()).isEqualTo("unsupported_format");
            } else {
                assertThat(error.code()).isIn("invalid_report", "empty_report");
                if (Files.size(file) == 0) {
                    assertThat(error.code()).isEqualTo("empty_report");
                }
            }
            return;
        }
        ParsedReport report;
        try (InputStream in = Files.newInputStream(file)) {
            report = PARSER.parse(in);
        }
        ReportTotals totals = report.totals();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(report.format()).isEqualTo(ReportFormat.JUNIT);
        soft.assertThat(totals.tests()).as("tests").isEqualTo(want.get("tests").asInt());
        soft.assertThat(totals.failures()).as("failures").isEqualTo(want.get("failures").asInt());
        soft.assertThat(totals.errors()).as("errors").isEqualTo(want.get("errors").asInt());
        soft.assertThat(totals.skipped()).as("skipped").isEqualTo(want.get("skipped").asInt());
        if (want.has("passed")) {
            soft.assertThat(totals.passed()).as("passed").isEqualTo(want.get("passed").asInt());
        }
        soft.assertThat(totals.flaky()).as("flaky").isEqualTo(want.path("flaky").asInt(0));
        soft.assertThat(totals.passed() + totals.failures() + totals.errors() + totals.skipped()).as("outcomes add up")
                .isEqualTo(totals.tests());
        if (want.has("failed_tests")) {
            soft.assertThat(report.failures().stream().map(CorpusConformanceUnitTests::corpusName).distinct().toList()).as("failed tests")
                    .containsExactlyInAnyOrderElementsOf(strings(want.get("failed_tests")));
        }
        if (want.has("flaky_tests")) {
            soft.assertThat(report.flaky().stream().map(CorpusConformanceUnitTests::corpusName).distinct().toList()).as("flaky tests")
                    .containsExactlyInAnyOrderElementsOf(strings(want.get("flaky_tests")));
        }
        soft.assertAll();
    }

    /** expected.json lists distinct names: {@code classname.name}, or just {@code name} when the class name is empty. */
    private static String corpusName(TestResult test) {
        return test.className().isEmpty() ? test.name() : test.className() + "." + test.name();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asString()));
        return values;
    }
}
