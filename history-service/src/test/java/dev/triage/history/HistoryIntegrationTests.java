package dev.triage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.TriageEvent;
import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.analysis.Totals;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.CommentAdded;
import dev.triage.events.history.RegressionDetected;
import dev.triage.events.history.TestBecameFlaky;
import dev.triage.events.kafka.TriageEventDeserializer;
import dev.triage.history.jobs.RecordingOutcomes;
import dev.triage.history.tests.Run;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.TestHistories;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The history service on real Kafka and the embedded store: projection, reads, feedback and the events it sends. */
@TriageIntegrationTest
class HistoryIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @Value("${local.server.port}")
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    RecordingOutcomes recording;

    @Autowired
    EventPublisher publisher;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    TestHistories tests;

    @Test
    void batchesOnKafkaBecomeTheTestsHistory() throws Exception {
        String test = "com.acme.kafka.CartTest.totals";
        publisher.publish(Topics.TEST_OUTCOMES, TestOutcomesRecorded.of("req-k", "job-k1", "kafka-nightly", 1, 1, 1,
                List.of(new TestOutcome(test, "s", "failed", 5, "sig-kafka", "expected 3"))));
        publisher.publish(Topics.ANALYSIS_COMPLETED, AnalysisCompleted.of("req-k", "job-k1", 9, new Totals(1, 0, 1, 0, 0, 0),
                1, Map.of("CODE ISSUE", 1), "1 failure", List.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode history = get("/internal/history/test?test_name=" + enc(test));
            assertThat(history.get("failures").asLong()).isEqualTo(1);
            assertThat(history.get("recent_runs").get(0).get("job_id").asString()).isEqualTo("job-k1");
            JsonNode dashboard = get("/internal/dashboard");
            assertThat(dashboard.toString()).contains("job-k1").contains("1 failure");
        });
    }

    @Test
    void replayingEveryBatchTwiceLeavesTheSameDocuments() throws Exception {
        List<TestOutcomesRecorded> batches = new ArrayList<>();
        for (int j = 1; j <= 8; j++) {
            List<TestOutcome> outcomes = new ArrayList<>();
            for (int t = 1; t <= 4; t++) {
                boolean fails = (j + t) % 3 == 0;
                outcomes.add(new TestOutcome("com.acme.replay.T" + t, "s", fails ? "failed" : "passed", t,
                        fails ? "sig-replay-" + t : null, fails ? "boom" : null));
            }
            batches.add(batch("replay-" + j, "replay-job", j, 1, 2, at(j), outcomes.subList(0, 2)));
            batches.add(batch("replay-" + j, "replay-job", j, 2, 2, at(j), outcomes.subList(2, 4)));
        }
        batches.forEach(recording::record);
        Map<String, Object> first = snapshot();
        batches.forEach(b -> assertThat(recording.record(b)).as("duplicate of batch %s/%s", b.jobId(), b.batch()).isFalse());
        batches.reversed().forEach(recording::record);
        assertThat(snapshot()).isEqualTo(first);
        JsonNode t3 = get("/internal/history/test?test_name=com.acme.replay.T3");
        assertThat(t3.get("total_runs").asLong()).isEqualTo(8);
        assertThat(t3.get("failures").asLong()).isEqualTo(2);
        assertThat(t3.get("failure_rate").asDouble()).isEqualTo(2.0 / 8);
    }

    @RepeatedTest(3)
    void batchesOfDifferentJobsRecordedConcurrentlyLoseNoRun(RepetitionInfo info) throws Exception {
        String round = "r" + info.getCurrentRepetition();
        int threads = 4;
        int jobsPerThread = 8;
        List<String> names = new ArrayList<>();
        for (int t = 0; t < 25; t++) {
            names.add("com.acme.race" + round + ".T" + t);
        }
        var pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    for (int j = 0; j < jobsPerThread; j++) {
                        int job = worker * jobsPerThread + j;
                        List<TestOutcome> outcomes = names.stream().map(n -> new TestOutcome(n, "s", job % 3 == 0 ? "failed" : "passed",
                                1, job % 3 == 0 ? "sig-race-" + round + "-" + worker : null, null)).toList();
                        recording.record(batch("race-" + round + "-" + job, "race-job", job, 1, 1, at(job), outcomes));
                    }
                }));
            }
            for (var future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        int total = threads * jobsPerThread;
        for (String name : names) {
            Document doc = mongo.findById(name, Document.class, "test_history");
            assertThat(doc).isNotNull();
            assertThat(((Number) doc.get("total_runs")).longValue()).as(name).isEqualTo(total);
            assertThat(tests.runsOf(doc).stream().map(Run::jobId).toList()).as(name + " " + doc.toJson()).hasSize(total);
        }
        for (int w = 0; w < threads; w++) {
            long failing = IntStream.range(w * jobsPerThread, (w + 1) * jobsPerThread).filter(j -> j % 3 == 0).count();
            assertThat(get("/internal/history/search?signature=sig-race-" + round + "-" + w).get("total_occurrences").asLong())
                    .isEqualTo(failing * names.size());
        }
    }

    @Test
    void aRegressionIsLabelledWithItsEvidenceAndAnnouncedAnOldSignatureIsNot() throws Exception {
        String test = "com.acme.reg.PaymentTest.refunds";
        for (int j = 1; j <= 5; j++) {
            recording.record(batch("reg-" + j, "reg-job", j, 1, 1, at(j), List.of(new TestOutcome(test, "s", "passed", 1, null, null))));
        }
        recording.record(batch("reg-6", "reg-job", 6, 1, 1, at(6), List.of(new TestOutcome(test, "s", "failed", 1, "sig-new", "npe"))));
        JsonNode history = get("/internal/history/test?test_name=" + enc(test));
        assertThat(history.get("labels").toString()).contains("REGRESSION").contains("reg-1").contains("reg-6");
        assertThat(history.get("consecutive_failures").asInt()).isEqualTo(1);
        assertThat(eventsOf(RegressionDetected.class, e -> e.testId().equals(test))).hasSize(1);

        String other = "com.acme.reg.PaymentTest.charges";
        recording.record(batch("old-1", "reg-job", 1, 1, 1, at(1), List.of(new TestOutcome(other, "s", "failed", 1, "sig-old", "x"))));
        for (int j = 2; j <= 7; j++) {
            recording.record(batch("old-" + j, "reg-job", j, 1, 1, at(j), List.of(new TestOutcome(other, "s", "passed", 1, null, null))));
        }
        recording.record(batch("old-8", "reg-job", 8, 1, 1, at(8), List.of(new TestOutcome(other, "s", "failed", 1, "sig-old", "x"))));
        assertThat(get("/internal/history/test?test_name=" + enc(other)).get("labels").toString()).doesNotContain("REGRESSION");
    }

    @Test
    void aTestPassingAndFailingInOneBuildBecomesFlakyOnce() throws Exception {
        String test = "com.acme.flaky.LoginTest.valid";
        recording.record(batch("fl-1", "flaky-job", 3, 1, 1, at(1), List.of(new TestOutcome(test, "s", "passed", 1, null, null))));
        recording.record(batch("fl-2", "flaky-job", 3, 1, 1, at(2), List.of(new TestOutcome(test, "s", "failed", 1, "sig-fl", "t/o"))));
        recording.record(batch("fl-3", "flaky-job", 4, 1, 1, at(3), List.of(new TestOutcome(test, "s", "failed", 1, "sig-fl", "t/o"))));
        JsonNode history = get("/internal/history/test?test_name=" + enc(test));
        assertThat(history.get("labels").toString()).contains("FLAKY").contains("same_build_mixed");
        assertThat(eventsOf(TestBecameFlaky.class, e -> e.testId().equals(test))).hasSize(1);

        String steady = "com.acme.flaky.LoginTest.steady";
        for (int j = 1; j <= 6; j++) {
            recording.record(batch("st-" + j, "flaky-job", 10 + j, 1, 1, at(j), List.of(new TestOutcome(steady, "s", "passed", 1, null, null))));
        }
        assertThat(get("/internal/history/test?test_name=" + enc(steady)).get("labels").toString()).doesNotContain("FLAKY");
    }

    @Test
    void knownBugAndInfrastructureComeFromTheSignature() throws Exception {
        String test = "com.acme.kb.DnsTest.lookup";
        List<TestOutcome> many = new ArrayList<>();
        for (int t = 0; t < 5; t++) {
            many.add(new TestOutcome("com.acme.kb.NodeTest.t" + t, "s", "failed", 1, "sig-node-lost", "node lost"));
        }
        recording.record(batch("kb-1", "kb-job", 1, 1, 1, at(1), many));
        recording.record(batch("kb-2", "kb-job", 2, 1, 1, at(2), List.of(new TestOutcome(test, "s", "failed", 1, "sig-dns", "nx"))));
        assertThat(get("/internal/history/test?test_name=com.acme.kb.NodeTest.t0").get("labels").toString())
                .contains("INFRASTRUCTURE");
        assertThat(get("/internal/history/test?test_name=" + enc(test)).get("labels").toString()).doesNotContain("KNOWN_BUG")
                .doesNotContain("INFRASTRUCTURE");

        var created = send("POST", "/internal/history/classify", "{\"test_name\":\"" + test
                + "\",\"classification\":\"known_bug\",\"references\":\"OCPBUGS-1\",\"job_id\":\"kb-2\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(get("/internal/history/test?test_name=" + enc(test)).get("labels").toString()).contains("KNOWN_BUG");
        assertThat(get("/internal/history/search?signature=sig-dns").get("known_bugs").toString()).contains("OCPBUGS-1");
        JsonNode searched = get("/internal/history/search?signature=sig-dns");
        assertThat(searched.get("classification_history").get(0).get("classification").asString()).isEqualTo("KNOWN_BUG");
        assertThat(searched.get("classification_history").get(0).get("at").asString()).startsWith("20");
        JsonNode rows = get("/internal/history/classifications?test_name=" + enc(test));
        assertThat(rows.get("classifications").get(0).get("classification").asString()).isEqualTo("KNOWN_BUG");
        assertThat(send("POST", "/internal/history/classify", "{\"test_name\":\"x\",\"classification\":\"KNOWN_BUG\","
                + "\"job_id\":\"kb-2\"}").statusCode()).isEqualTo(422);
        assertThat(send("POST", "/internal/history/classify", "{\"test_name\":\"x\",\"classification\":\"BOGUS\","
                + "\"job_id\":\"kb-2\"}").statusCode()).isEqualTo(422);
    }

    @Test
    void commentsWithMentionsReviewsAndOverridesAreStoredAndAnnounced() throws Exception {
        String test = "com.acme.fb.CartTest.totals";
        recording.record(batch("fb-1", "fb-job", 1, 1, 1, at(1), List.of(new TestOutcome(test, "s", "failed", 1, "sig-fb", "x"))));
        var created = send("POST", "/internal/results/fb-1/comments",
                "{\"test_name\":\"" + test + "\",\"comment\":\"@bob please look, cc @carol\"}", "alice");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(CommentAdded.class,
                e -> e.commentId() == id && e.mentions().equals(List.of("bob", "carol")) && e.author().equals("alice")).isEmpty());

        assertThat(send("PUT", "/internal/results/fb-1/reviewed", "{\"test_name\":\"" + test + "\",\"reviewed\":true}",
                "alice").body()).contains("\"reviewed_by\":\"alice\"");
        JsonNode status = get("/internal/results/fb-1/review-status");
        assertThat(status.get("total_failures").asInt()).isEqualTo(1);
        assertThat(status.get("reviewed_count").asInt()).isEqualTo(1);
        assertThat(status.get("comment_count").asInt()).isEqualTo(1);
        JsonNode comments = get("/internal/results/fb-1/comments");
        assertThat(comments.get("comments").get(0).get("error_signature").asString()).isEqualTo("sig-fb");
        assertThat(comments.get("reviews").get(test).get("reviewed").asBoolean()).isTrue();
        assertThat(get("/internal/history/test?test_name=" + enc(test)).get("comments").toString()).contains("@bob");
        assertThat(get("/internal/history/search?signature=sig-fb").get("comments").toString()).contains("@bob");

        assertThat(send("DELETE", "/internal/results/fb-1/comments/" + id, null, "mallory").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/internal/results/fb-1/comments/" + id, null, "alice").statusCode()).isEqualTo(200);
        assertThat(get("/internal/results/fb-1/review-status").get("comment_count").asInt()).isZero();
        assertThat(send("DELETE", "/internal/results/fb-1/comments/" + id, null, "alice").statusCode()).isEqualTo(404);

        var override = send("PUT", "/internal/results/fb-1/override-classification",
                "{\"test_name\":\"" + test + "\",\"classification\":\"product bug\"}", "alice");
        assertThat(override.body()).contains("\"classification\":\"PRODUCT BUG\"");
        await().atMost(Duration.ofSeconds(20)).until(() -> !eventsOf(ClassificationOverridden.class,
                e -> e.jobId().equals("fb-1") && "sig-fb".equals(e.signature()) && e.actor().equals("alice")).isEmpty());
        assertThat(get("/internal/history/failures?job_name=fb-job").get("failures").get(0).get("classification").asString())
                .isEqualTo("PRODUCT BUG");
        assertThat(send("PUT", "/internal/results/fb-1/override-classification",
                "{\"test_name\":\"" + test + "\",\"classification\":\"FLAKY\"}", "alice").statusCode()).isEqualTo(422);
        assertThat(send("PUT", "/internal/results/nope-1/override-classification",
                "{\"test_name\":\"" + test + "\",\"classification\":\"CODE ISSUE\"}", "alice").statusCode()).isEqualTo(404);
    }

    @Test
    void failuresArePagedNewestFirstWithCapsAndTotals() throws Exception {
        for (int j = 1; j <= 3; j++) {
            List<TestOutcome> outcomes = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                outcomes.add(new TestOutcome("com.acme.page.T" + t, "s", "failed", 1, "sig-page", "msg " + j + "/" + t));
            }
            recording.record(batch("page-" + j, "page-job", j, 1, 1, at(j), outcomes));
        }
        JsonNode first = get("/internal/history/failures?job_name=page-job&limit=5&offset=0");
        assertThat(first.get("total").asInt()).isEqualTo(12);
        assertThat(first.get("failures").size()).isEqualTo(5);
        assertThat(first.get("failures").get(0).get("job_id").asString()).isEqualTo("page-3");
        JsonNode last = get("/internal/history/failures?job_name=page-job&limit=5&offset=10");
        assertThat(last.get("failures").size()).isEqualTo(2);
        assertThat(last.get("failures").get(1).get("job_id").asString()).isEqualTo("page-1");
        JsonNode searched = get("/internal/history/failures?job_name=page-job&search=" + enc("MSG 2/"));
        assertThat(searched.get("total").asInt()).isEqualTo(4);
        assertThat(send("GET", "/internal/history/failures?limit=201", null).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/internal/history/failures?offset=-1", null).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/internal/history/test?test_name=x&limit=101", null).statusCode()).isEqualTo(422);
        JsonNode stats = get("/internal/history/stats?job_name=page-job");
        assertThat(stats.get("total_builds_analyzed").asInt()).isEqualTo(3);
        assertThat(stats.get("builds_with_failures").asInt()).isEqualTo(3);
        assertThat(stats.get("most_common_failures").get(0).get("count").asInt()).isEqualTo(3);
        assertThat(get("/internal/history/stats?job_name=page-job&exclude_job_id=page-3").get("total_builds_analyzed").asInt())
                .isEqualTo(2);
        assertThat(get("/internal/history/search?signature=sig-page&exclude_job_id=page-3").get("total_occurrences").asInt())
                .isEqualTo(8);
    }

    @Test
    void aSignatureManyTestsShareListsTheMostRecentOnesAndCountsThemAll() throws Exception {
        int jobs = Signatures.TESTS_KEPT / 10 + 5;
        for (int j = 0; j < jobs; j++) {
            List<TestOutcome> outcomes = new ArrayList<>();
            outcomes.add(new TestOutcome("com.acme.wide.Always", "s", "failed", 1, "sig-wide", "refused"));
            for (int t = 0; t < 10; t++) {
                outcomes.add(new TestOutcome("com.acme.wide.T" + j + "_" + t, "s", "failed", 1, "sig-wide", "refused"));
            }
            recording.record(batch("wide-" + j, "wide-job", j, 1, 1, at(j), outcomes));
        }

        JsonNode search = get("/internal/history/search?signature=sig-wide");
        assertThat(search.get("unique_tests").asInt()).isEqualTo(jobs * 10 + 1);
        assertThat(search.get("total_occurrences").asInt()).isEqualTo(jobs * 11);
        assertThat(search.get("tests").size()).isEqualTo(Signatures.TESTS_KEPT);
        assertThat(search.get("tests").get(0).get("test_name").asString()).isEqualTo("com.acme.wide.Always");
        assertThat(search.get("tests").get(0).get("occurrences").asInt()).isEqualTo(jobs);
        List<String> listed = new ArrayList<>();
        search.get("tests").forEach(t -> listed.add(t.get("test_name").asString()));
        assertThat(listed).contains("com.acme.wide.T" + (jobs - 1) + "_9").doesNotContain("com.acme.wide.T0_0");
        JsonNode withoutLast = get("/internal/history/search?signature=sig-wide&exclude_job_id=wide-" + (jobs - 1));
        assertThat(withoutLast.get("unique_tests").asInt()).isEqualTo((jobs - 1) * 10 + 1);
        assertThat(withoutLast.get("total_occurrences").asInt()).isEqualTo((jobs - 1) * 11);
        assertThat(withoutLast.get("tests").get(0).get("occurrences").asInt()).isEqualTo(jobs - 1);

        // a document written before the count existed starts it from the tests it lists
        mongo.insert(new Document("_id", "sig-old").append("total_occurrences", 3L).append("first_seen", java.util.Date.from(at(0)))
                .append("tests", List.of(new Document("test_name", "a").append("occurrences", 2L),
                        new Document("test_name", "b").append("occurrences", 1L)))
                .append("jobs", List.of()).append("applied", List.of()), Signatures.COLLECTION);
        recording.record(batch("old-1", "old-job", 1, 1, 1, at(1),
                List.of(new TestOutcome("a", "s", "failed", 1, "sig-old", "m"), new TestOutcome("c", "s", "failed", 1, "sig-old", "m"))));
        JsonNode old = get("/internal/history/search?signature=sig-old");
        assertThat(old.get("unique_tests").asInt()).isEqualTo(3);
        assertThat(old.get("total_occurrences").asInt()).isEqualTo(5);
        assertThat(old.get("tests").get(0).get("occurrences").asInt()).isEqualTo(3);
    }

    @Test
    void hostileParametersAreTextNotOperators() throws Exception {
        recording.record(batch("host-1", "host-job", 1, 1, 1, at(1),
                List.of(new TestOutcome("com.acme.host.T.a", "s", "failed", 1, "sig-host", "plain"))));
        for (String hostile : List.of(".*", "com.acme.host.T.*", "{\"$gt\":\"\"}", "$where", "(unclosed", "a\\", "^.+$")) {
            JsonNode test = get("/internal/history/test?test_name=" + enc(hostile));
            assertThat(test.get("total_runs").asInt()).as(hostile).isZero();
            JsonNode search = get("/internal/history/search?signature=" + enc(hostile));
            assertThat(search.get("total_occurrences").asInt()).as(hostile).isZero();
            JsonNode failures = get("/internal/history/failures?job_name=host-job&search=" + enc(hostile));
            assertThat(failures.get("total").asInt()).as(hostile).isZero();
            assertThat(get("/internal/history/classifications?test_name=" + enc(hostile)).get("classifications").size()).isZero();
        }
        assertThat(send("GET", "/internal/results/" + enc("$ne") + "/comments", null).statusCode()).isEqualTo(422);
        assertThat(get("/internal/history/test?test_name=" + enc("path/like/name.with.dots")).get("test_name").asString())
                .isEqualTo("path/like/name.with.dots");
    }

    @Test
    void jobMetadataKeepsOmittedFieldsClearsNullsAndFiltersByAllLabels() throws Exception {
        String one = "/internal/jobs/metadata/one?job_name=" + enc("folder/sub/my-job");
        assertThat(send("GET", one, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", one, "{\"team\":\"platform\",\"tier\":\"critical\",\"labels\":[\"nightly\",\"smoke\"]}")
                .statusCode()).isEqualTo(200);
        JsonNode updated = JSON.readTree(send("PUT", one, "{\"tier\":null,\"version\":\"4.18\"}").body());
        assertThat(updated.get("team").asString()).isEqualTo("platform");
        assertThat(updated.get("tier").isNull()).isTrue();
        assertThat(updated.get("version").asString()).isEqualTo("4.18");
        assertThat(updated.get("labels").size()).isEqualTo(2);
        assertThat(send("PUT", "/internal/jobs/metadata/bulk", "{\"items\":[{\"job_name\":\"job-a\",\"team\":\"platform\","
                + "\"labels\":[\"nightly\"]},{\"job_name\":\"job-b\",\"team\":\"storage\"}]}").body()).contains("\"updated\":2");
        JsonNode both = get("/internal/jobs/metadata?team=platform&label=nightly&label=smoke");
        assertThat(both.size()).isEqualTo(1);
        assertThat(both.get(0).get("job_name").asString()).isEqualTo("folder/sub/my-job");
        assertThat(get("/internal/jobs/metadata?team=platform").size()).isEqualTo(2);
        assertThat(get("/internal/jobs/metadata?team=" + enc("{\"$ne\":null}")).size()).isZero();
        assertThat(send("PUT", "/internal/jobs/metadata/bulk", "{\"items\":[]}").statusCode()).isEqualTo(422);
        assertThat(send("PUT", one, "{\"labels\":\"nightly\"}").statusCode()).isEqualTo(422);
        assertThat(send("DELETE", one, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", one, null).statusCode()).isEqualTo(404);
        assertThat(get("/internal/jobs/metadata/rules").get("rules").size()).isZero();
        assertThat(send("POST", "/internal/jobs/metadata/rules/preview", "{\"job_name\":\"x\"}").body())
                .contains("\"matched\":false");
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> state = new TreeMap<>();
        for (String collection : List.of("test_history", "signature_history", "job_history", "job_feeds")) {
            for (Document doc : mongo.findAll(Document.class, collection)) {
                doc.remove("version");
                doc.remove("rev");
                doc.remove("outbox");
                state.put(collection + "/" + doc.get("_id"), doc.toJson());
            }
        }
        return state;
    }

    private <E extends TriageEvent> List<E> eventsOf(Class<E> type, java.util.function.Predicate<E> filter) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<E> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new TriageEventDeserializer())) {
            consumer.subscribe(List.of(Topics.HISTORY_EVENTS.name()));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (type.isInstance(r.value()) && filter.test(type.cast(r.value()))) {
                        found.add(type.cast(r.value()));
                    }
                });
                return !found.isEmpty() && consumer.assignment().stream()
                        .allMatch(p -> consumer.position(p) >= consumer.endOffsets(List.of(p)).get(p));
            });
        }
        return found;
    }

    private static TestOutcomesRecorded batch(String jobId, String jobName, int build, int batch, int count, Instant at,
            List<TestOutcome> outcomes) {
        return new TestOutcomesRecorded(UUID.randomUUID(), at, "req-" + jobId, 1, jobId, jobName, build, batch, count, outcomes);
    }

    private static Instant at(int minute) {
        return T0.plusSeconds(60L * minute);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) throws Exception {
        var response = send("GET", path, null);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String actor) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (actor != null) {
            builder.header("X-Triage-Actor", actor);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
