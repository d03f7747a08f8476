package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The analysis flow through every layer: gateway, Kafka, the worker, the store and back. */
class AnalysisFlowIntegrationTests {

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
    void healthIsHealthyWhenEverythingIsUp() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("healthy");
    }

    @Test
    void failureListIsAnalysedAndAnsweredSynchronously() throws Exception {
        String body = """
                {"failures": [
                  {"test_name": "tests.api.CartTest.addsItem", "error_message": "java.net.ConnectException: Connection refused",
                   "stack_trace": "java.net.ConnectException: Connection refused\\n\\tat com.acme.Client.call(Client.java:10)"},
                  {"test_name": "tests.api.CartTest.removesItem", "error_message": "java.net.ConnectException: Connection refused",
                   "stack_trace": "java.net.ConnectException: Connection refused\\n\\tat com.acme.Client.call(Client.java:10)"},
                  {"test_name": "tests.api.CartTest.totals", "error_message": "expected:<3> but was:<2>",
                   "stack_trace": "org.opentest4j.AssertionFailedError: expected:<3> but was:<2>\\n\\tat tests.api.CartTest.totals(CartTest.java:42)"}
                ], "ai_provider": "claude", "github_token": "ghp_secret"}""";

        HttpResponse<String> response = post("/analyze-failures", body, Map.of("X-Request-Id", "flow-test-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).contains("flow-test-1");
        JsonNode result = json.readTree(response.body());
        assertThat(result.get("status").asString()).isEqualTo("completed");
        assertThat(result.get("failures")).hasSize(3);
        assertThat(result.get("failure_groups")).hasSize(2);
        JsonNode first = result.get("failures").get(0);
        assertThat(first.get("analysis").get("classification").asString()).isEqualTo("INFRASTRUCTURE");
        assertThat(first.get("analysis").get("affected_tests")).hasSize(2);
        assertThat(result.get("failures").get(2).get("analysis").get("classification").asString()).isEqualTo("CODE ISSUE");
        assertThat(result.get("totals").get("failures").asInt()).isEqualTo(3);
        assertThat(response.body()).doesNotContain("ghp_secret").doesNotContain("github_token");

        HttpResponse<String> stored = get("/results/" + result.get("job_id").asString());
        assertThat(stored.statusCode()).isEqualTo(200);
        JsonNode envelope = json.readTree(stored.body());
        assertThat(envelope.get("status").asString()).isEqualTo("completed");
        assertThat(envelope.get("result").get("failures")).hasSize(3);
        assertThat(envelope.get("result").get("request_params").get("ai_provider").asString()).isEqualTo("claude");
        assertThat(envelope.get("result").get("progress_log").size()).isGreaterThanOrEqualTo(4);
        assertThat(envelope.get("capabilities").isObject()).isTrue();
    }

    @Test
    void respondAsyncAnswers202AndTheResultArrivesLater() throws Exception {
        String body = """
                {"failures": [{"test_name": "a.B.c", "error_message": "boom"}]}""";
        HttpResponse<String> response = post("/analyze-failures", body, Map.of("Prefer", "respond-async"));
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode queued = json.readTree(response.body());
        assertThat(queued.get("status").asString()).isEqualTo("queued");
        String resultUrl = queued.get("result_url").asString();
        assertThat(resultUrl).isEqualTo("/results/" + queued.get("job_id").asString());

        await().atMost(Duration.ofSeconds(30)).until(() -> get(resultUrl).statusCode() == 200);
        assertThat(json.readTree(get(resultUrl).body()).get("status").asString()).isEqualTo("completed");
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
