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
        // a short worker lease, so that a dead worker's claim runs out within a test
        system = TriageSystem.start(Map.of("triage.analysis.lease-timeout", "2s"));
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
        assertThat(result.path("status").asString("")).as(response.body()).isEqualTo("completed");
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
        // the synchronous answer (its result carried by the outcome event) and the stored result read back agree
        assertThat(envelope.get("result").get("failures")).isEqualTo(result.get("failures"));
        assertThat(envelope.get("result").get("failure_groups")).isEqualTo(result.get("failure_groups"));
        assertThat(envelope.get("result").get("request_params").get("ai_provider").asString()).isEqualTo("claude");
        assertThat(envelope.get("result").get("progress_log").size()).isGreaterThanOrEqualTo(4);
        assertThat(envelope.get("capabilities").isObject()).isTrue();
        var analysisDb = system.bean("analysis-service", org.springframework.data.mongodb.core.MongoTemplate.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(analysisDb.findById(
                result.get("job_id").asString(), org.bson.Document.class, "analysis_results").getList("outbox", Object.class))
                .as("the result's events are acknowledged and removed from its outbox").isEmpty());
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

    @Test
    void progressStreamsAsServerSentEventsAndResumesFromLastEventId() throws Exception {
        String jobId = completedJob();
        String full = sse(jobId, null);
        assertThat(full).contains("event:progress").contains("event:completed").contains("id:1").contains("retry:");
        long progressEvents = full.lines().filter(l -> l.equals("event:progress")).count();
        assertThat(progressEvents).isGreaterThanOrEqualTo(5);

        String resumed = sse(jobId, "3");
        assertThat(resumed).doesNotContain("id:1\n").doesNotContain("id:3\n").contains("id:4").contains("event:completed");
        assertThat(resumed.lines().filter(l -> l.equals("event:progress")).count()).isEqualTo(progressEvents - 3);
    }

    @Test
    void reanalysisMakesANewJobFromTheStoredInputAndKeepsTheOld() throws Exception {
        String jobId = completedJob();
        HttpResponse<String> response = post("/re-analyze/" + jobId, "{\"ai_model\": \"other-model\"}", Map.of());
        assertThat(response.statusCode()).isEqualTo(202);
        String newId = json.readTree(response.body()).get("job_id").asString();
        assertThat(newId).isNotEqualTo(jobId);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/results/" + newId).statusCode() == 200);
        JsonNode again = json.readTree(get("/results/" + newId).body()).get("result");
        assertThat(again.get("request_params").get("ai_model").asString()).isEqualTo("other-model");
        assertThat(again.get("failures")).hasSize(1);
        assertThat(get("/results/" + jobId).statusCode()).isEqualTo(200);
        assertThat(post("/re-analyze/no-such-job", "{}", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aDuplicateRequestIsSkippedAndLeavesOneResult() throws Exception {
        String jobId = completedJob();
        var job = system.bean("gateway-service", dev.triage.gateway.jobs.Jobs.class).find(jobId).orElseThrow();
        var publisher = system.bean("gateway-service", dev.triage.platform.kafka.EventPublisher.class);
        double before = duplicatesSkipped();

        publisher.publish(dev.triage.events.Topics.ANALYSIS_REQUESTED, dev.triage.gateway.jobs.JobRequests.requestOf(job)).get();

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicatesSkipped() > before);
        var results = system.bean("analysis-service", org.springframework.data.mongodb.core.MongoTemplate.class);
        assertThat(results.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(jobId)), "analysis_results")).isEqualTo(1);
        var after = system.bean("gateway-service", dev.triage.gateway.jobs.Jobs.class).find(jobId).orElseThrow();
        assertThat(after.completedAt()).isEqualTo(job.completedAt());
    }

    @Test
    void aPoisonRequestGoesToTheDeadLetterTopicAndItsJobFailsWithTheReason() throws Exception {
        var jobs = system.bean("gateway-service", dev.triage.gateway.jobs.Jobs.class);
        String jobId = "poison-" + System.nanoTime();
        var now = java.time.Instant.now();
        jobs.register(new dev.triage.gateway.jobs.Job(jobId, "failures", "pending", "queued", java.util.List.of(), 0, 1,
                Map.of(), null, null, 0, null, "req", now, null, null, now, null, null, null, java.util.List.of(), false, null, null));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", system.kafkaBootstrap(),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("triage.analysis.requested", jobId,
                    "{ this is not an event")).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(jobId).orElseThrow().isFinished());
        var failed = jobs.find(jobId).orElseThrow();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error().code()).isEqualTo("poison_message");
        assertThat(metric("analysis-service", "triage_kafka_dead_letters_total")).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aJobWhoseWorkerDiedIsFinishedOnceByAnotherAttempt() throws Exception {
        system.stopService("analysis-service");
        try {
            HttpResponse<String> queued = post("/analyze-failures", "{\"failures\": [{\"test_name\": \"a.Crash.test\"}]}",
                    Map.of("Prefer", "respond-async"));
            String jobId = json.readTree(queued.body()).get("job_id").asString();
            // the worker that held the job died: its claim stays, its lease has run out, and there is no result
            deadWorkerClaims(jobId);
        } finally {
            system.startService("analysis-service", dev.triage.analysis.AnalysisApplication.class, Map.of());
        }
        var jobs = system.bean("gateway-service", dev.triage.gateway.jobs.Jobs.class);
        String jobId = jobs.list(null, 1, 0).getFirst().id();
        await().atMost(Duration.ofSeconds(40)).until(() -> jobs.find(jobId).orElseThrow().isFinished());
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo("completed");
        var analysisDb = system.bean("analysis-service", org.springframework.data.mongodb.core.MongoTemplate.class);
        var claim = analysisDb.findById(jobId, org.bson.Document.class, "job_claims");
        assertThat(claim.getInteger("attempt")).as("taken over from the dead worker").isGreaterThanOrEqualTo(2);
        assertThat(claim.getBoolean("done")).isTrue();
        assertThat(analysisDb.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(jobId)), "analysis_results")).isEqualTo(1);
    }

    @Test
    void aRunningJobIsCancelledAtItsNextStep() throws Exception {
        system.stopService("analysis-service");
        system.startService("analysis-service", dev.triage.analysis.AnalysisApplication.class,
                Map.of("triage.analysis.delay-per-failure-group", "700ms", "triage.analysis.lease-timeout", "30s"));
        try {
            HttpResponse<String> queued = post("/analyze-failures", "{\"failures\": ["
                    + "{\"test_name\": \"a.A.one\", \"error_message\": \"Connection refused\"},"
                    + "{\"test_name\": \"a.A.two\", \"error_message\": \"expected:<1> but was:<2>\"},"
                    + "{\"test_name\": \"a.A.three\", \"error_message\": \"java.lang.OutOfMemoryError\"},"
                    + "{\"test_name\": \"a.A.four\", \"error_message\": \"disk full\"}]}", Map.of("Prefer", "respond-async"));
            String jobId = json.readTree(queued.body()).get("job_id").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> "classifying".equals(
                    json.readTree(get("/results/" + jobId).body()).get("result").get("progress_phase").asString()));

            HttpResponse<String> cancel = post("/results/" + jobId + "/cancel", "", Map.of());
            assertThat(cancel.statusCode()).isEqualTo(202);
            assertThat(json.readTree(cancel.body()).get("status").asString()).isEqualTo("accepted");

            await().atMost(Duration.ofSeconds(20)).until(() -> get("/results/" + jobId).statusCode() == 200);
            JsonNode envelope = json.readTree(get("/results/" + jobId).body());
            assertThat(envelope.get("status").asString()).isEqualTo("cancelled");
            assertThat(envelope.get("result").get("error").get("code").asString()).isEqualTo("cancelled");
            assertThat(json.readTree(post("/results/" + jobId + "/cancel", "", Map.of()).body()).get("status").asString())
                    .isEqualTo("no_op");
        } finally {
            system.stopService("analysis-service");
            system.startService("analysis-service", dev.triage.analysis.AnalysisApplication.class, Map.of());
        }
    }

    @Test
    void aFiftyMegabyteReportIsStreamedInAndAnalysed() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> dev.triage.deploy.bench.Workloads.rawXmlRequest(50_000_000L, 20_000)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body().substring(0, Math.min(300, response.body().length()))).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.get("totals").get("tests").asInt()).isEqualTo(20_000);
        assertThat(result.get("totals").get("failures").asInt()).isEqualTo(2_000);
        assertThat(result.get("enriched_xml").asString()).contains("ai_classification").hasSizeGreaterThan(50_000_000);
    }

    private static void deadWorkerClaims(String jobId) {
        try (var client = com.mongodb.client.MongoClients.create(dev.triage.testsupport.EmbeddedMongo.connectionString())) {
            client.getDatabase(system.database("analysis-service")).getCollection("job_claims").insertOne(
                    new org.bson.Document("_id", jobId).append("owner", "dead-worker").append("attempt", 1)
                            .append("leaseUntil", java.util.Date.from(java.time.Instant.now().minusSeconds(1)))
                            .append("cancelled", false).append("done", false));
        }
    }

    private static String completedJob() throws Exception {
        HttpResponse<String> response = post("/analyze-failures",
                "{\"failures\": [{\"test_name\": \"a.B.c\", \"error_message\": \"boom\"}]}", Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("job_id").asString();
    }

    private static String sse(String jobId, String lastEventId) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/results/" + jobId + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double duplicatesSkipped() throws Exception {
        return metric("analysis-service", "triage_kafka_duplicates_skipped_total");
    }

    /** The sum of all series of a metric in a service's Prometheus output. */
    static double metric(String service, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(system.url(service) + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
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
