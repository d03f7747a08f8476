package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.CommentAdded;
import dev.triage.events.kafka.TriageEventDeserializer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The history flow through every layer: a report analysed through the gateway, its outcomes projected by the history
 * service from Kafka, read back through the gateway; comments and overrides announced on Kafka for the classifier.
 */
class HistoryFlowIntegrationTests {

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
    void anAnalysedFailureListBecomesHistoryThatPeopleCommentOnAndOverride() throws Exception {
        String body = """
                {"failures": [
                  {"test_name": "tests.e2e.HistoryTest.totals", "error_message": "expected:<3> but was:<2>",
                   "stack_trace": "org.opentest4j.AssertionFailedError: expected:<3> but was:<2>\\n\\tat tests.e2e.HistoryTest.totals(HistoryTest.java:42)"},
                  {"test_name": "tests.e2e.HistoryTest.refunds", "error_message": "java.lang.NullPointerException",
                   "stack_trace": "java.lang.NullPointerException\\n\\tat tests.e2e.HistoryTest.refunds(HistoryTest.java:50)"}
                ], "job_name": "e2e/history-nightly", "build_number": 7}""";
        HttpResponse<String> analysed = queue(body);
        assertThat(analysed.statusCode()).as(analysed.body()).isEqualTo(202);
        String jobId = json.readTree(analysed.body()).get("job_id").asString();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode test = read("/history/test/tests.e2e.HistoryTest.totals");
            assertThat(test.get("failures").asInt()).isEqualTo(1);
            assertThat(test.get("consecutive_failures").asInt()).isEqualTo(1);
            assertThat(test.get("recent_runs").get(0).get("job_id").asString()).isEqualTo(jobId);
            assertThat(test.get("recent_runs").get(0).get("job_name").asString()).isEqualTo("e2e/history-nightly");
        });
        // the job's rows and feeds are written after the tests' documents, so wait for them too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                read("/history/failures?job_name=" + enc("e2e/history-nightly")).get("total").asInt()).isEqualTo(2));
        JsonNode failures = read("/history/failures?job_name=" + enc("e2e/history-nightly"));
        String signature = failures.get("failures").get(0).get("error_signature").asString();
        assertThat(signature).isNotEmpty();
        assertThat(read("/history/search?signature=" + enc(signature)).get("total_occurrences").asInt()).isEqualTo(1);
        assertThat(read("/history/stats/e2e/history-nightly").get("builds_with_failures").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(read("/api/dashboard").toString())
                .contains(jobId).contains("e2e/history-nightly"));

        HttpResponse<String> comment = send("POST", "/results/" + jobId + "/comments",
                "{\"test_name\":\"tests.e2e.HistoryTest.totals\",\"comment\":\"@bob rounding again\"}", TriageSystem.ADMIN_KEY);
        assertThat(comment.statusCode()).as(comment.body()).isEqualTo(201);
        assertThat(send("PUT", "/results/" + jobId + "/reviewed",
                "{\"test_name\":\"tests.e2e.HistoryTest.totals\",\"reviewed\":true}", TriageSystem.ADMIN_KEY).statusCode())
                .isEqualTo(200);
        JsonNode status = read("/results/" + jobId + "/review-status");
        assertThat(status.get("total_failures").asInt()).isEqualTo(2);
        assertThat(status.get("reviewed_count").asInt()).isEqualTo(1);
        assertThat(status.get("comment_count").asInt()).isEqualTo(1);
        HttpResponse<String> override = send("PUT", "/results/" + jobId + "/override-classification",
                "{\"test_name\":\"tests.e2e.HistoryTest.totals\",\"classification\":\"PRODUCT BUG\"}", TriageSystem.ADMIN_KEY);
        assertThat(override.statusCode()).as(override.body()).isEqualTo(200);

        List<Object> events = historyEvents(jobId);
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(CommentAdded.class,
                c -> assertThat(c.mentions()).containsExactly("bob")));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ClassificationOverridden.class, o -> {
            assertThat(o.classification()).isEqualTo("PRODUCT BUG");
            assertThat(o.signature()).isEqualTo(signature);
        }));
        assertThat(read("/history/failures?job_name=" + enc("e2e/history-nightly") + "&classification=" + enc("PRODUCT BUG"))
                .get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aJUnitReportRecordsPassesAsWellAsFailures() throws Exception {
        String xml = """
                <testsuite name="e2e" tests="2" failures="1">
                  <testcase classname="tests.e2e.XmlTest" name="passes" time="0.1"/>
                  <testcase classname="tests.e2e.XmlTest" name="fails" time="0.2">
                    <failure message="boom" type="java.lang.AssertionError">java.lang.AssertionError: boom
                    at tests.e2e.XmlTest.fails(XmlTest.java:9)</failure>
                  </testcase>
                </testsuite>""";
        String body = json.writeValueAsString(Map.of("raw_xml", xml, "job_name", "e2e/xml", "build_number", 1));
        HttpResponse<String> analysed = queue(body);
        assertThat(analysed.statusCode()).as(analysed.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode passing = read("/history/test/tests.e2e.XmlTest.passes");
            assertThat(passing.get("passes").asInt()).isEqualTo(1);
            assertThat(passing.get("failure_rate").asDouble()).isZero();
            assertThat(read("/history/test/tests.e2e.XmlTest.fails").get("failure_rate").asDouble()).isEqualTo(1.0);
        });
        assertThat(send("GET", "/history/failures?limit=500", null, null).statusCode()).isEqualTo(422);
    }

    private static List<Object> historyEvents(String jobId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Object> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new TriageEventDeserializer())) {
            consumer.subscribe(List.of(Topics.HISTORY_EVENTS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (jobId.equals(r.key())) {
                        found.add(r.value());
                    }
                });
                return found.stream().anyMatch(CommentAdded.class::isInstance)
                        && found.stream().anyMatch(ClassificationOverridden.class::isInstance);
            });
        }
        return found;
    }

    /** Submits an analysis without waiting for it; the history follows from the events either way. */
    private static HttpResponse<String> queue(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode read(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
