package dev.triage.analysis.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Jenkins on loopback (WireMock) that serves the recorded responses of the shared corpus
 * ({@code shared/corpus/jenkins}), adapted per scenario: a build's result, its test report's cases, its console.
 */
final class FakeJenkins implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    FakeJenkins() {
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    String buildUrl(String job, int number) {
        return base() + JenkinsPaths.jobPath(job) + number + "/";
    }

    static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve("jenkins");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("shared/corpus/jenkins not found beside any ancestor of the working directory");
    }

    static String corpusText(String name) {
        try {
            return Files.readString(corpus().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode corpusJson(String name) {
        return (ObjectNode) JSON.readTree(corpusText(name));
    }

    /** The recorded failed build ({@code build-failed-changes.json}) as build {@code number} of {@code job} here. */
    ObjectNode build(String job, int number, String result) {
        ObjectNode build = corpusJson("build-failed-changes.json");
        build.put("number", number);
        build.put("url", buildUrl(job, number));
        build.put("fullDisplayName", job + " #" + number);
        build.put("building", result == null);
        if (result == null) {
            build.putNull("result");
        } else {
            build.put("result", result);
        }
        build.set("artifacts", JSON.createArrayNode());
        return build;
    }

    /** The recorded test report ({@code testReport-changes.json}) with failed cases added: {className, name, message, stack}. */
    static ObjectNode testReport(String[]... failures) {
        ObjectNode report = corpusJson("testReport-changes.json");
        ArrayNode cases = (ArrayNode) report.get("suites").get(0).get("cases");
        for (String[] failure : failures) {
            ObjectNode c = cases.addObject();
            c.put("className", failure[0]);
            c.put("name", failure[1]);
            c.put("status", "FAILED");
            c.put("duration", 0.5);
            c.put("errorDetails", failure[2]);
            c.put("errorStackTrace", failure[3]);
            c.put("skipped", false);
        }
        report.put("failCount", failures.length);
        return report;
    }

    String path(String job, int number, String rest) {
        return "/" + JenkinsPaths.jobPath(job) + number + "/" + rest;
    }

    void stubBuild(String job, int number, JsonNode info) {
        server.stubFor(get(urlPathEqualTo(path(job, number, "api/json"))).willReturn(okJson(info.toString())));
    }

    void stubTestReport(String job, int number, JsonNode report) {
        server.stubFor(get(urlPathEqualTo(path(job, number, "testReport/api/json"))).willReturn(okJson(report.toString())));
    }

    void stubStages(String job, int number, JsonNode describe) {
        server.stubFor(get(urlPathEqualTo(path(job, number, "wfapi/describe"))).willReturn(okJson(describe.toString())));
    }

    void stubConsole(String job, int number, String text) {
        server.stubFor(get(urlPathEqualTo(path(job, number, "logText/progressiveText"))).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "text/plain;charset=UTF-8")
                .withHeader("X-Text-Size", String.valueOf(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length))
                .withBody(text)));
    }

    void stub(String path, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    }

    @Override
    public void close() {
        server.stop();
    }
}
