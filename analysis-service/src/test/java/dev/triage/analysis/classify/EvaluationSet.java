package dev.triage.analysis.classify;

import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ParsedReport;
import dev.triage.analysis.ingest.ReportParser;
import dev.triage.analysis.ingest.Signatures;
import dev.triage.analysis.ingest.TestResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The labelled evaluation set in {@code src/test/resources/classify/eval}: failure groups of the shared corpus (read
 * from the reports themselves) and written ones, each with its label and why.
 */
final class EvaluationSet {

    /** One labelled failure group. */
    record Item(String id, String part, String signature, FailureEvidence evidence, String label, String why) {
    }

    static final List<String> PARTS = List.of("corpus", "written", "holdout");

    private EvaluationSet() {
    }

    static List<Item> load() {
        List<Item> items = new ArrayList<>();
        for (String part : PARTS) {
            items.addAll(load(part));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    static List<Item> load(String part) {
        String resource = "classify/eval/" + part + ".yml";
        Map<String, Object> root;
        try (InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError(resource + " is missing");
            }
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Item> items = new ArrayList<>();
        Map<String, ParsedReport> reports = new HashMap<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) root.get("items")) {
            String id = (String) entry.get("id");
            FailureEvidence evidence = entry.containsKey("file") ? fromCorpus(entry, reports) : written(entry);
            String signature = Signatures.of(evidence.message(), evidence.exceptionType(), evidence.stackTrace()).hash();
            items.add(new Item(id, part, signature, evidence, (String) entry.get("label"), (String) entry.get("why")));
        }
        return items;
    }

    private static FailureEvidence written(Map<String, Object> entry) {
        return new FailureEvidence((String) entry.get("test"), (String) entry.get("type"), text(entry, "message"),
                text(entry, "stack"), text(entry, "console"));
    }

    private static FailureEvidence fromCorpus(Map<String, Object> entry, Map<String, ParsedReport> reports) {
        String file = (String) entry.get("file");
        ParsedReport report = reports.computeIfAbsent(file, EvaluationSet::parse);
        String test = (String) entry.get("test");
        String message = (String) entry.get("message");
        for (TestResult result : report.tests()) {
            if (!result.outcome().isFailure() || result.failure() == null || !result.testId().equals(test)) {
                continue;
            }
            var failure = result.failure();
            if (message != null && !message.equals(failure.message())) {
                continue;
            }
            String console = Objects.requireNonNullElse(result.systemOut(), "") + Objects.requireNonNullElse(result.systemErr(), "");
            return new FailureEvidence(test, failure.type(), Objects.requireNonNullElse(failure.message(), ""),
                    failure.stackTrace(), console);
        }
        throw new AssertionError("No failed test " + test + " in corpus file " + file);
    }

    private static ParsedReport parse(String file) {
        try (InputStream in = Files.newInputStream(corpus().resolve(file))) {
            return ReportParser.allFormats(IngestLimits.defaults()).parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Map<String, Object> entry, String key) {
        Object value = entry.get(key);
        return value == null ? "" : value.toString();
    }

    /** The shared corpus: -Dtriage.corpus.dir, else shared/corpus beside an ancestor of the working directory. */
    static Path corpus() {
        String override = System.getProperty("triage.corpus.dir");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        throw new AssertionError("Test-report corpus not found; set -Dtriage.corpus.dir=<corpus dir>");
    }

    static @Nullable Item byId(List<Item> items, String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }
}
