package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AI classification across the services: the analysis workers call a configured provider (a scripted stand-in for the
 * claude CLI, which logs each call), the gateway answers with the AI's verdict and token usage, reports the usage to
 * admins and tells clients what is configured.
 */
class AiFlowIntegrationTests {

    static TriageSystem system;
    static Path calls;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("e2e-ai");
        calls = dir.resolve("calls.log");
        Path cli = dir.resolve("claude");
        Path answer = dir.resolve("answer.json");
        Files.writeString(answer, json.writeValueAsString(Map.of("type", "result", "is_error", false,
                "result", "```json\n{\"classification\": \"PRODUCT BUG\", \"details\": \"The cart service answers 500\"}\n```",
                "usage", Map.of("input_tokens", 800, "output_tokens", 200), "total_cost_usd", 0.01)));
        Files.writeString(cli, """
                #!/usr/bin/env bash
                cat > /dev/null
                echo call >> "%s"
                cat "%s"
                """.formatted(calls, answer));
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
        system = TriageSystem.start(Map.of("triage.analysis.ai.providers.claude.kind", "claude",
                "triage.analysis.ai.providers.claude.command", cli.toString(),
                "triage.analysis.ai.providers.claude.model", "sonnet"));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void aNewSignatureIsAnalysedOnceAndItsTokensAreReportedToAdmins() throws Exception {
        String body = """
                {"failures": [{"test_name": "tests.api.CartTest.totals", "error_message": "AssertionError: expected 200 got 500",
                 "stack_trace": "at tests.api.CartTest.totals(CartTest.java:42)"}], "ai_provider": "claude"}""";
        JsonNode first = json.readTree(post("/analyze-failures", body).body());
        JsonNode analysis = first.get("failures").get(0).get("analysis");
        assertThat(analysis.get("classification").asString()).as(first.toString()).isEqualTo("PRODUCT BUG");
        assertThat(analysis.get("details").asString()).isEqualTo("The cart service answers 500");
        assertThat(first.get("ai_provider").asString()).isEqualTo("claude");
        assertThat(first.get("ai_model").asString()).isEqualTo("sonnet");
        assertThat(first.get("token_usage").get("total_calls").asInt()).isEqualTo(1);
        assertThat(first.get("token_usage").get("total_cost_usd").asDouble()).isEqualTo(0.01);

        JsonNode second = json.readTree(post("/analyze-failures", body).body());
        assertThat(second.get("failures").get(0).get("analysis").get("rule").asString()).isEqualTo("ai-cache");
        assertThat(second.get("token_usage").isNull()).isTrue();
        assertThat(Files.readAllLines(calls)).hasSize(1);

        String jobId = first.get("job_id").asString();
        assertThat(get("/api/admin/token-usage/" + jobId, null).statusCode()).isEqualTo(401);
        JsonNode records = json.readTree(get("/api/admin/token-usage/" + jobId, TriageSystem.ADMIN_KEY).body());
        assertThat(records.get("records")).hasSize(1);
        assertThat(records.get("records").get(0).get("input_tokens").asLong()).isEqualTo(800);
        JsonNode byProvider = json.readTree(get("/api/admin/token-usage?group_by=provider", TriageSystem.ADMIN_KEY).body());
        assertThat(byProvider.get("total_calls").asLong()).isEqualTo(1);
        assertThat(byProvider.get("breakdown").get(0).get("group_key").asString()).isEqualTo("claude");
        JsonNode summary = json.readTree(get("/api/admin/token-usage/summary", TriageSystem.ADMIN_KEY).body());
        assertThat(summary.get("this_week").get("tokens").asLong()).isEqualTo(1000);
        assertThat(summary.get("top_jobs").get(0).get("job_id").asString()).isEqualTo(jobId);
    }

    @Test
    void clientsSeeWhatIsConfiguredAndAnUnconfiguredProviderIsClassifiedByRules() throws Exception {
        JsonNode capabilities = json.readTree(get("/api/capabilities", null).body());
        assertThat(capabilities.get("ai_enabled").asBoolean()).isTrue();
        assertThat(capabilities.get("ai_providers").get(0).get("name").asString()).isEqualTo("claude");
        assertThat(json.readTree(get("/ai-configs", null).body()).get(0).get("ai_model").asString()).isEqualTo("sonnet");

        JsonNode result = json.readTree(post("/analyze-failures", """
                {"failures": [{"test_name": "tests.dns.Lookup.resolves", "error_message": "java.net.UnknownHostException: db.internal"}],
                 "ai_provider": "gemini"}""").body());
        assertThat(result.get("failures").get(0).get("analysis").get("classification").asString()).isEqualTo("INFRASTRUCTURE");
        assertThat(result.get("ai_provider").asString()).isEmpty();
        assertThat(result.get("summary").asString()).contains("\"gemini\" is not configured");
    }

    static HttpResponse<String> get(String path, String bearer) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).GET();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
