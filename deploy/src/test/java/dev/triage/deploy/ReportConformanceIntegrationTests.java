package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every JUnit file of the corpus, sent as {@code raw_xml} through the running system, comes back with the totals of
 * the ground truth, or with a typed error when the ground truth says the file is not a readable JUnit report.
 */
class ReportConformanceIntegrationTests {

    static TriageSystem system;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        system = TriageSystem.start(Map.of());
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void everyCorpusReportGivesTheExpectedTotalsOrATypedError() throws Exception {
        Path corpus = Corpus.root();
        JsonNode expected = json.readTree(corpus.resolve("expected.json").toFile());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus.resolve("junit"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(100);
        List<String> mismatches = new ArrayList<>();
        for (Path file : files) {
            String key = corpus.relativize(file).toString().replace('\\', '/');
            JsonNode truth = expected.get(key);
            assertThat(truth).as("ground truth for " + key).isNotNull();
            String mismatch = check(key, readUtf8OrLatin1(file), truth);
            if (mismatch != null) {
                mismatches.add(mismatch);
            }
        }
        assertThat(mismatches).as("files whose result differs from expected.json").isEmpty();
    }

    private static String check(String key, String xml, JsonNode truth) throws Exception {
        ObjectNode body = json.createObjectNode();
        body.put("raw_xml", xml);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(response.body());
        if (truth.get("tests").isNull()) {
            boolean typedError = response.statusCode() == 422 && answer.hasNonNull("code");
            return typedError ? null : key + ": expected a typed error, got " + response.statusCode();
        }
        if (response.statusCode() != 200) {
            return key + ": expected totals, got " + response.statusCode() + " " + answer.path("code").asString("");
        }
        JsonNode totals = answer.get("totals");
        for (String field : List.of("tests", "passed", "failures", "errors", "skipped")) {
            if (totals.get(field).asInt() != truth.get(field).asInt()) {
                return key + ": " + field + " " + totals.get(field).asInt() + " != " + truth.get(field).asInt();
            }
        }
        int flaky = truth.path("flaky").asInt(0);
        if (totals.get("flaky").asInt() != flaky) {
            return key + ": flaky " + totals.get("flaky").asInt() + " != " + flaky;
        }
        return null;
    }

    /** Reports are sent as JSON strings, so the file's bytes are decoded the way an XML parser would see them. */
    private static String readUtf8OrLatin1(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
