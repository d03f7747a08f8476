package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Learning from people across the whole system: a person overrides a classification through the gateway, the history
 * service announces it on Kafka, the analysis service learns it, and the next job with the same failure gets the
 * person's verdict, with who confirmed it and when.
 */
class ClassificationLearningIntegrationTests {

    static TriageSystem system;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    static final String FAILURE = """
            {"failures": [
              {"test_name": "tests.e2e.QuoteTest.quotes", "error_message": "expected:<12.50> but was:<12.49>",
               "stack_trace": "org.opentest4j.AssertionFailedError: expected:<12.50> but was:<12.49>\\n\\tat tests.e2e.QuoteTest.quotes(QuoteTest.java:31)"}
            ], "job_name": "e2e/learning"}""";

    @BeforeAll
    static void start() {
        system = TriageSystem.start(Map.of());
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void anOverrideThroughTheGatewayIsTheVerdictOfTheNextJobWithThatFailure() throws Exception {
        JsonNode first = analyse();
        JsonNode firstAnalysis = first.get("failures").get(0).get("analysis");
        assertThat(firstAnalysis.get("classification").asString()).isEqualTo("CODE ISSUE");
        assertThat(firstAnalysis.get("rule").asString()).isEqualTo("assertion");
        String jobId = first.get("job_id").asString();

        // the history service knows the job once it has read its outcomes from Kafka
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> override = send("PUT", "/results/" + jobId + "/override-classification",
                    "{\"test_name\":\"tests.e2e.QuoteTest.quotes\",\"classification\":\"PRODUCT BUG\"}");
            assertThat(override.statusCode()).as(override.body()).isEqualTo(200);
        });

        AtomicReference<JsonNode> learned = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode next = analyse();
            learned.set(next.get("failures").get(0).get("analysis"));
            assertThat(learned.get().get("rule").asString()).isEqualTo("learned");
        });
        JsonNode analysis = learned.get();
        assertThat(analysis.get("classification").asString()).isEqualTo("PRODUCT BUG");
        assertThat(analysis.get("details").asString()).startsWith("Confirmed by ")
                .contains(" on " + LocalDate.now(ZoneOffset.UTC)).contains("(override in job " + jobId + ")");
        assertThat(analysis.get("confidence").asDouble()).isGreaterThan(0.9);
    }

    private static JsonNode analyse() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(FAILURE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.path("status").asString("")).as(response.body()).isEqualTo("completed");
        return result;
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TriageSystem.ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
