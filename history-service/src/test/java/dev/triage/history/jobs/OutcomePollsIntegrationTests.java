package dev.triage.history.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.TriageEvent;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.kafka.TriageEventSerializer;
import dev.triage.history.tests.Run;
import dev.triage.history.tests.TestHistories;
import dev.triage.testsupport.TriageIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The outcome batches of one poll are recorded together: the same documents as one batch at a time, the runs of a test
 * in the batches' order, replays changing nothing, and a poison record among good ones going to the dead-letter topic
 * alone.
 */
@TriageIntegrationTest
class OutcomePollsIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    RecordingOutcomes recording;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    TestHistories tests;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void batchesRecordedTogetherLeaveTheDocumentsThatOneAtATimeLeavesAndReplaysChangeNothing() {
        List<TestOutcomesRecorded> oneByOne = poll("qqone");
        List<TestOutcomesRecorded> together = poll("qqall");
        oneByOne.forEach(recording::record);
        assertThat(recording.recordAll(together)).containsOnly(true);

        Map<String, String> separately = snapshot("qqone");
        Map<String, String> coalesced = snapshot("qqall");
        assertThat(separately).as("6 tests, 8 jobs, signatures, 2 feeds").hasSizeGreaterThan(6 + 8 + 2);
        assertThat(coalesced).isEqualTo(separately);

        assertThat(recording.recordAll(together)).as("replayed poll").containsOnly(false);
        assertThat(recording.recordAll(together.reversed())).as("replayed backwards").containsOnly(false);
        assertThat(snapshot("qqall")).isEqualTo(coalesced);
    }

    @Test
    void aTestRunByEveryJobOfOnePollGetsItsRunsInOrderWithTheRightStreakAndLabels() {
        String test = "com.acme.order.CheckoutTest.pays";
        List<TestOutcomesRecorded> batches = new ArrayList<>();
        for (int j = 1; j <= 5; j++) {
            batches.add(batch("order-" + j, "order-job", j, at(j), List.of(passed(test))));
        }
        batches.add(batch("order-6", "order-job", 6, at(6), List.of(failed(test, "sig-order-new"))));
        batches.add(batch("order-7", "order-job", 7, at(7), List.of(failed(test, "sig-order-new"))));
        recording.recordAll(batches);

        Document doc = mongo.findById(test, Document.class, "test_history");
        assertThat(tests.runsOf(doc).stream().map(Run::jobId))
                .containsExactly("order-1", "order-2", "order-3", "order-4", "order-5", "order-6", "order-7");
        assertThat(doc.getInteger("consecutive_failures")).isEqualTo(2);
        assertThat(doc.get("total_runs", Number.class).longValue()).isEqualTo(7);
        Document regression = doc.get("regression", Document.class);
        assertThat(regression.getList("evidence", String.class))
                .containsExactly("order-1", "order-2", "order-3", "order-4", "order-5", "order-6");
        assertThat(doc.getList("labels", Document.class).stream().map(l -> l.getString("label"))).containsExactly("REGRESSION");
        assertThat(doc.getList("signatures", Document.class).getFirst().get("count", Number.class).longValue())
                .isEqualTo(2);

        // the regression's event, published with the poll's others, leaves the outbox once Kafka has it: sooner than
        // the sweeper's 5 s grace, after which the sweeper would send it again and remove it itself
        await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(mongo.findById(test, Document.class,
                "test_history").getList("outbox", Document.class, List.of())).isEmpty());

        Document job = mongo.findById("order-7", Document.class, "job_history");
        assertThat(job.get("failure_count", Number.class).longValue()).isEqualTo(1);
        Document signature = mongo.findById("sig-order-new", Document.class, "signature_history");
        // two batches remembered, eight bytes each (AppliedBatches)
        assertThat(signature.get("applied", org.bson.types.Binary.class).getData()).hasSize(2 * 8);
    }

    @Test
    void aPoisonRecordInAPollGoesToTheDeadLetterTopicAndTheOthersAreRecorded() throws Exception {
        MessageListenerContainer container = listeners.getListenerContainer("history-outcomes");
        String key = "poison-" + UUID.randomUUID();
        TestOutcomesRecorded before = batch("poison-before", "poison-job", 1, at(1),
                List.of(passed("com.acme.poison.T.before")));
        TestOutcomesRecorded noJob = batch(" ", "poison-job", 2, at(2), List.of(passed("com.acme.poison.T.nojob")));
        TestOutcomesRecorded after = batch("poison-after", "poison-job", 3, at(3),
                List.of(passed("com.acme.poison.T.after")));
        container.pause();
        try {
            await().atMost(Duration.ofSeconds(20)).until(container::isContainerPaused);
            // one partition, one key: the listener gets the four records in this order, most likely in one poll
            try (var events = new KafkaProducer<>(producerProps(), new StringSerializer(), new TriageEventSerializer());
                    var raw = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
                events.send(new ProducerRecord<>(Topics.TEST_OUTCOMES.name(), 0, key, (TriageEvent) before)).get();
                raw.send(new ProducerRecord<>(Topics.TEST_OUTCOMES.name(), 0, key, "{not an event".getBytes())).get();
                events.send(new ProducerRecord<>(Topics.TEST_OUTCOMES.name(), 0, key, (TriageEvent) noJob)).get();
                events.send(new ProducerRecord<>(Topics.TEST_OUTCOMES.name(), 0, key, (TriageEvent) after)).get();
            }
        } finally {
            container.resume();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(mongo.findById("com.acme.poison.T.before", Document.class, "test_history")).isNotNull();
            assertThat(mongo.findById("com.acme.poison.T.after", Document.class, "test_history")).isNotNull();
        });
        assertThat(mongo.findById("com.acme.poison.T.nojob", Document.class, "test_history")).isNull();
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(key, 2);
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).value())).isEqualTo("{not an event");
        assertThat(new String(dead.get(1).value())).contains("\"jobId\":\" \"");
        assertThat(mongo.findById("poison-after", Document.class, "job_history").getList("batches", Integer.class))
                .containsExactly(1);
    }

    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TEST_OUTCOMES.deadLetterName()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    /**
     * Eight jobs of two job names over six tests (one test in every job, others now and then, one listed twice in a
     * batch), failures under three signatures, one job in two batches; every name carries {@code prefix}.
     */
    private static List<TestOutcomesRecorded> poll(String prefix) {
        List<TestOutcomesRecorded> batches = new ArrayList<>();
        for (int j = 1; j <= 8; j++) {
            List<TestOutcome> outcomes = new ArrayList<>();
            for (int t = 1; t <= 6; t++) {
                if (t > 1 && (j + t) % 3 == 0) {
                    continue;
                }
                boolean fails = (j * t) % 4 == 1 || t == 6 && j > 5;
                outcomes.add(fails ? failed(prefix + ".T" + t, prefix + "-sig-" + (t % 3)) : passed(prefix + ".T" + t));
            }
            outcomes.add(passed(prefix + ".T1"));
            String job = prefix + "-job-" + j;
            String name = prefix + "-nightly-" + (j % 2);
            if (j == 4) {
                batches.add(batch(job, name, j, 1, 2, at(j), outcomes.subList(0, 2)));
                batches.add(batch(job, name, j, 2, 2, at(j), outcomes.subList(2, outcomes.size())));
            } else {
                batches.add(batch(job, name, j, 1, 1, at(j), outcomes));
            }
        }
        return batches;
    }

    /** Every document whose id carries {@code prefix}, the prefix taken out, without its write counters and outbox. */
    private Map<String, String> snapshot(String prefix) {
        UnaryOperator<String> neutral = s -> s.replace(prefix, "P");
        Map<String, String> state = new TreeMap<>();
        for (String collection : List.of("test_history", "signature_history", "job_history", "job_feeds")) {
            for (Document doc : mongo.findAll(Document.class, collection)) {
                String id = doc.get("_id").toString();
                // the overall feed is shared by both runs, so its numbers differ; the feeds by job name are the runs' own
                if (!id.contains(prefix) || id.startsWith(JobFeeds.ALL + "@")) {
                    continue;
                }
                doc.remove("version");
                doc.remove("rev");
                doc.remove("outbox");
                // failure rows are numbered by a counter shared by all jobs
                if (collection.equals("job_history")) {
                    doc.getList("failures", Document.class, List.of()).forEach(f -> f.remove("id"));
                }
                // batches applied are kept as hashes of their job ids, which differ between the runs: compare how many
                if (doc.get("applied") instanceof org.bson.types.Binary applied) {
                    doc.put("applied", applied.length());
                }
                state.put(collection + "/" + neutral.apply(id), neutral.apply(doc.toJson()));
            }
        }
        return state;
    }

    private static TestOutcome passed(String test) {
        return new TestOutcome(test, "s", "passed", 3, null, null);
    }

    private static TestOutcome failed(String test, String signature) {
        return new TestOutcome(test, "s", "failed", 3, signature, "boom in " + test);
    }

    private static TestOutcomesRecorded batch(String jobId, String jobName, int build, Instant at, List<TestOutcome> outcomes) {
        return batch(jobId, jobName, build, 1, 1, at, outcomes);
    }

    private static TestOutcomesRecorded batch(String jobId, String jobName, int build, int batch, int count, Instant at,
            List<TestOutcome> outcomes) {
        return new TestOutcomesRecorded(UUID.randomUUID(), at, "req-" + jobId, 1, jobId, jobName, build, batch, count,
                outcomes);
    }

    private static Instant at(int minute) {
        return T0.plusSeconds(60L * minute);
    }
}
