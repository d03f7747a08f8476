package dev.triage.gateway.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.triage.gateway.jobs.Jobs;
import dev.triage.testsupport.TriageIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AI routes against a stand-in analysis service configured with {@code claude} and an OpenAI-compatible
 * {@code vllm}, refusing unconfigured providers: what is forwarded, who may read the token reports, and what the
 * capabilities and the submission check make of the configuration.
 */
@TriageIntegrationTest
class AiRoutesIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpServer STUB;
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final Map<String, String> ANSWERS = Map.of(
            "/internal/ai/capabilities", """
                    {"ai_enabled":true,"ai_providers":[{"name":"claude","kind":"claude","model":"sonnet"},
                     {"name":"vllm","kind":"openai","model":"qwen"}],"peer_ai_configs":[{"ai_provider":"vllm","ai_model":"qwen"}],
                     "peer_analysis_max_rounds":2,"max_concurrent_ai_calls":3,"reject_unknown_ai_provider":true}""",
            "/internal/ai/configs", "[{\"ai_provider\":\"claude\",\"ai_model\":\"sonnet\"},{\"ai_provider\":\"vllm\",\"ai_model\":\"qwen\"}]",
            "/internal/token-usage", "{\"total_calls\":7,\"breakdown\":[{\"group_key\":\"claude\",\"call_count\":7}]}",
            "/internal/token-usage/summary", "{\"today\":{\"calls\":2},\"top_models\":[],\"top_jobs\":[]}",
            "/internal/token-usage/job-1", "{\"job_id\":\"job-1\",\"records\":[{\"id\":\"r1\"}]}");

    static {
        try {
            STUB = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        STUB.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            SEEN.add(path + (query == null ? "" : "?" + query));
            String answer = ANSWERS.get(path);
            byte[] body = (answer == null ? "{\"code\":\"not_found\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        STUB.start();
    }

    @DynamicPropertySource
    static void analysis(DynamicPropertyRegistry registry) {
        registry.add("triage.gateway.services.analysis", () -> "http://127.0.0.1:" + STUB.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        STUB.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Jobs jobs;

    @Test
    void tokenUsageReportsAreForAdminsAndPassTheirFiltersOn() throws Exception {
        assertThat(send("GET", "/api/admin/token-usage", null, null).statusCode()).isEqualTo(401);
        var usage = send("GET", "/api/admin/token-usage?start_date=2026-05-01&end_date=2026-05-31&ai_provider=claude"
                + "&group_by=provider", null, TriageIntegrationTest.ADMIN_KEY);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(usage.body()).get("total_calls").asInt()).isEqualTo(7);
        assertThat(SEEN.getLast()).isEqualTo("/internal/token-usage?start_date=2026-05-01&end_date=2026-05-31"
                + "&ai_provider=claude&group_by=provider");
        var summary = send("GET", "/api/admin/token-usage/summary", null, TriageIntegrationTest.ADMIN_KEY);
        assertThat(JSON.readTree(summary.body()).get("today").get("calls").asInt()).isEqualTo(2);
        var job = send("GET", "/api/admin/token-usage/job-1", null, TriageIntegrationTest.ADMIN_KEY);
        assertThat(job.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(job.body()).get("records").get(0).get("id").asString()).isEqualTo("r1");
    }

    @Test
    void capabilitiesAndAiConfigsReflectTheConfiguration() throws Exception {
        JsonNode capabilities = JSON.readTree(send("GET", "/api/capabilities", null, null).body());
        assertThat(capabilities.get("ai_enabled").asBoolean()).isTrue();
        assertThat(capabilities.get("ai_providers").get(1).get("name").asString()).isEqualTo("vllm");
        assertThat(capabilities.get("peer_analysis_max_rounds").asInt()).isEqualTo(2);
        assertThat(capabilities.has("github_issues_enabled")).isTrue();
        assertThat(capabilities.toString()).doesNotContain("reject_unknown");
        JsonNode configs = JSON.readTree(send("GET", "/ai-configs", null, null).body());
        assertThat(configs.get(0).get("ai_provider").asString()).isEqualTo("claude");
        assertThat(configs.get(1).get("ai_model").asString()).isEqualTo("qwen");
    }

    @Test
    void whenOperatorsRefuseUnconfiguredProvidersTheSubmissionIs400() throws Exception {
        var refused = send("POST", "/analyze-failures", "{\"failures\":[{\"test_name\":\"a.B.c\"}],\"ai_provider\":\"gemini\"}",
                null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("ai_provider_not_configured");
        var invalid = send("POST", "/analyze-failures", "{\"failures\":[{\"test_name\":\"a.B.c\"}],\"ai_provider\":\"evil\"}",
                null);
        assertThat(invalid.statusCode()).isEqualTo(422);
        var accepted = send("POST", "/analyze-failures", """
                {"failures":[{"test_name":"a.B.c"}],"ai_provider":"vllm",
                 "additional_repos":[{"name":"product","url":"https://example.com/p.git"}]}""", null,
                "Prefer", "respond-async");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("job_id").asString();
        var job = jobs.find(jobId).orElseThrow();
        assertThat(job.requestParams()).containsEntry("ai_provider", "vllm");
        assertThat(job.requestParams().toString()).contains("product");
        assertThat(job.secretsId()).isNull();
        // this gateway has no secret key: a repository token cannot be sealed, so it is refused, never stored in clear
        var withToken = send("POST", "/analyze-failures", """
                {"failures":[{"test_name":"a.B.c"}],"ai_provider":"vllm",
                 "additional_repos":[{"name":"product","url":"https://example.com/p.git","token":"repo-secret-42"}]}""", null,
                "Prefer", "respond-async");
        assertThat(withToken.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(withToken.body()).get("code").asString()).isEqualTo("auth_misconfigured");
        assertThat(withToken.body()).doesNotContain("repo-secret-42");
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String bearer,
            String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
