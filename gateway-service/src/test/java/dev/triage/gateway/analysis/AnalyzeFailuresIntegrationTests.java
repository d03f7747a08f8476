package dev.triage.gateway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.gateway.jobs.Jobs;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway alone (no worker runs, so jobs stay pending): validation, limits, hostile input and the async path.
 */
@TriageIntegrationTest
@TestPropertySource(properties = {"triage.gateway.analysis.max-raw-xml=64KB", "triage.gateway.analysis.max-request-json=16KB",
        "triage.gateway.analysis.sync-wait=300ms", "triage.store.metrics-interval=300ms"})
class AnalyzeFailuresIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Jobs jobs;

    @Test
    void bothOrNeitherOfFailuresAndRawXmlIs422() throws Exception {
        assertError(post("{\"failures\":[{\"test_name\":\"a\"}],\"raw_xml\":\"<x/>\"}", "application/json"), 422, "validation_error");
        assertError(post("{\"ai_provider\":\"claude\"}", "application/json"), 422, "validation_error");
        assertError(post("{\"failures\":null,\"raw_xml\":null}", "application/json"), 422, "validation_error");
    }

    @Test
    void invalidFailuresAre422AndDoNotEchoTheInput() throws Exception {
        var response = post("{\"failures\":[{\"error_message\":\"<script>secret-input</script>\"}]}", "application/json");
        assertError(response, 422, "validation_error");
        assertThat(response.body()).doesNotContain("secret-input").contains("failures[0]");
        assertError(post("{\"failures\":[]}", "application/json"), 422, "validation_error");
        assertError(post("{\"failures\":\"nope\"}", "application/json"), 422, "validation_error");
        assertError(post("{\"failures\":[{\"test_name\":\"a\",\"duration\":-1}]}", "application/json"), 422, "validation_error");
        assertError(post("{\"failures\":[{\"test_name\":\"a\"}],\"ai_provider\":\"evil\"}", "application/json"), 422,
                "validation_error");
    }

    @Test
    void malformedAndWrongTypeBodiesGet400Or415() throws Exception {
        assertError(post("{\"failures\": [", "application/json"), 400, "invalid_json");
        assertError(post("not json at all", "application/json"), 400, "invalid_json");
        assertError(post("[1,2,3]", "application/json"), 400, "invalid_json");
        assertError(post("a=b", "application/x-www-form-urlencoded"), 415, "unsupported_media_type");
    }

    @Test
    void rawXmlOverTheLimitIs422AndLeavesNoJobBehind() throws Exception {
        long before = jobs.countByStatus("pending");
        String huge = "{\"raw_xml\":\"" + "<testcase/>".repeat(10_000) + "\"}";
        assertError(post(huge, "application/json"), 422, "report_too_large");
        assertError(post("<testsuite>" + "<testcase/>".repeat(10_000) + "</testsuite>", "application/xml"), 422,
                "report_too_large");
        assertThat(jobs.countByStatus("pending")).isEqualTo(before);
    }

    @Test
    void otherJsonOverItsLimitIs422() throws Exception {
        String big = "{\"failures\":[{\"test_name\":\"" + "a".repeat(20_000) + "\"}]}";
        assertError(post(big, "application/json"), 422, "request_too_large");
    }

    @Test
    void anEmptyReportIs422AtOnce() throws Exception {
        assertError(post("{\"raw_xml\":\"\"}", "application/json"), 422, "invalid_report");
    }

    @Test
    void withoutAWorkerTheCallAnswers202AfterTheWaitAndTheJobIsPending() throws Exception {
        var response = post("{\"failures\":[{\"test_name\":\"a.B.c\"}],\"jira_api_token\":\"tok-123\"}", "application/json");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asString()).isEqualTo("queued");
        String jobId = body.get("job_id").asString();

        var result = get("/results/" + jobId);
        assertThat(result.statusCode()).isEqualTo(202);
        JsonNode envelope = JSON.readTree(result.body());
        assertThat(envelope.get("status").asString()).isEqualTo("pending");
        assertThat(envelope.get("result").get("progress_phase").asString()).isEqualTo("queued");
        assertThat(result.body()).doesNotContain("tok-123").doesNotContain("jira_api_token");
        // acknowledged by Kafka, the request leaves the outbox of a job that does not finish soon after
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.find(jobId).orElseThrow().outbox().isEmpty());
    }

    @Test
    void aReportCanBeSentAsTheBodyWithParametersInTheQuery() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url("/analyze-failures?ai_provider=gemini&ai_model=pro")))
                .header("Content-Type", "application/xml").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("<testsuite><testcase name=\"t\"/></testsuite>")).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        String jobId = JSON.readTree(response.body()).get("job_id").asString();
        var job = jobs.find(jobId).orElseThrow();
        assertThat(job.kind()).isEqualTo("raw_xml");
        assertThat(job.requestParams()).containsEntry("ai_provider", "gemini").containsEntry("ai_model", "pro");
        assertThat(job.payloadBytes()).isEqualTo(43);
    }

    @Test
    void cancellingAPendingJobIsAcceptedOnceThenANoOp() throws Exception {
        var queued = post("{\"failures\":[{\"test_name\":\"a.B.c\"}]}", "application/json");
        String jobId = JSON.readTree(queued.body()).get("job_id").asString();
        var first = postTo("/results/" + jobId + "/cancel");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()).get("status").asString()).isEqualTo("accepted");
        assertThat(JSON.readTree(postTo("/results/" + jobId + "/cancel").body()).get("status").asString()).isEqualTo("no_op");
        assertError(postTo("/results/unknown-job/cancel"), 404, "not_found");
    }

    @Test
    void collectionSizesAreExported() throws Exception {
        post("{\"failures\":[{\"test_name\":\"a.B.c\"}]}", "application/json");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                get("/actuator/prometheus").body().lines().anyMatch(l -> l.startsWith("triage_store_documents{")
                        && l.contains("collection=\"jobs\"") && !l.endsWith(" 0.0")));
    }

    @Test
    void listLimitsAreEnforced() throws Exception {
        assertThat(get("/results?limit=5").statusCode()).isEqualTo(200);
        assertError(get("/results?limit=101"), 422, "validation_error");
        assertError(get("/results?limit=0"), 422, "validation_error");
        assertError(get("/results?offset=-1"), 422, "validation_error");
        assertError(get("/results?limit=abc"), 400, "invalid_parameter");
        assertError(get("/results?status=%24where"), 422, "validation_error");
    }

    @Test
    void injectionInPathAndQueryIsJustANotFound() throws Exception {
        assertError(get("/results/%7B%22%24gt%22%3A%22%22%7D"), 404, "not_found");
        var traversal = get("/results/..%2F..%2Fetc%2Fpasswd");
        assertThat(traversal.statusCode()).as("the server refuses encoded slashes").isEqualTo(400);
        assertThat(traversal.body()).doesNotContain("root:");
    }

    private void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("detail").asString()).isNotBlank();
        assertThat(body.get("error_id").asString()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url("/analyze-failures"))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postTo(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

}
