package dev.triage.analysis.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.analysis.classify.Classification;
import dev.triage.analysis.classify.Classifier;
import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.ingest.Signatures;
import dev.triage.events.Topics;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.CommentAdded;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Overrides from the history service, through a real Kafka broker and the embedded store, teach the classifier:
 * exactly once per event, newest decision wins, near-identical signatures share a verdict, different ones do not.
 */
@TriageIntegrationTest
class LearningIntegrationTests {

    @Autowired
    EventPublisher publisher;
    @Autowired
    Classifier classifier;
    @Autowired
    LearnedVerdicts verdicts;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry registry;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    static final FailureEvidence CART = evidence("com.acme.cart.CartTest.totals", "java.lang.IllegalStateException",
            "Cart 4711 has no currency for line 3", "java.lang.IllegalStateException: Cart 4711 has no currency for line 3\n"
                    + "\tat com.acme.cart.Cart.total(Cart.java:88)\n\tat com.acme.cart.CartTest.totals(CartTest.java:20)\n");

    @Test
    void anOverrideIsLearnedOnceAndTheNextJobWithThatSignatureGetsIt() {
        String signature = signatureOf(CART);
        assertThat(classifier.classify(signature, CART).rule()).isNotEqualTo("learned");

        var override = new ClassificationOverridden(UUID.randomUUID(), Instant.parse("2026-11-30T10:00:00Z"), "req-1", 1,
                "job-learn-1", CART.testId(), signature, Classification.INFRASTRUCTURE, "", 0, "alice");
        publisher.publish(Topics.HISTORY_EVENTS, override);
        publisher.publish(Topics.HISTORY_EVENTS, override);
        await().atMost(Duration.ofSeconds(30)).until(() -> verdicts.find(signature).isPresent()
                && duplicates() >= 1);

        Classification learned = classifier.classify(signature, CART);
        assertThat(learned.category()).isEqualTo(Classification.INFRASTRUCTURE);
        assertThat(learned.rule()).isEqualTo("learned");
        assertThat(learned.reason()).isEqualTo("Confirmed by alice on 2026-11-30 (override in job job-learn-1)");
        // a job's groups read their verdicts at once and get the same answers
        FailureEvidence unrelated = evidence("com.acme.zoo.ZebraTest.stripes", "java.lang.NullPointerException",
                "zebra has no stripes", "");
        Classifier forJob = classifier.forGroups(List.of(signature, signatureOf(unrelated)));
        assertThat(forJob.classify(signature, CART)).isEqualTo(learned);
        assertThat(forJob.classify(signatureOf(unrelated), unrelated).rule()).isNotEqualTo("learned");
        assertThat(mongo.count(Query.query(Criteria.where("_id").is(signature)), LearnedVerdicts.VERDICTS)).isEqualTo(1);
        assertThat(mongo.findById(signature, Document.class, LearnedVerdicts.VERDICTS).getString("event_id"))
                .isEqualTo(override.eventId().toString());
    }

    @Test
    void aNewerOverrideReplacesAnOlderOneAndALateOlderOneChangesNothing() {
        FailureEvidence failure = evidence("com.acme.pay.RefundTest.refunds", "java.lang.ArithmeticException",
                "Rounding necessary", "java.lang.ArithmeticException: Rounding necessary\n\tat com.acme.pay.Money.cents(Money.java:12)\n");
        String signature = signatureOf(failure);
        publisher.publish(Topics.HISTORY_EVENTS, override(signature, failure, Classification.CODE_ISSUE, "bob", "2026-11-01T09:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> verdicts.find(signature).isPresent());
        publisher.publish(Topics.HISTORY_EVENTS, override(signature, failure, Classification.PRODUCT_BUG, "carol", "2026-11-02T09:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> verdicts.find(signature).orElseThrow().actor().equals("carol"));

        long skippedBefore = duplicates();
        publisher.publish(Topics.HISTORY_EVENTS, override(signature, failure, Classification.INFRASTRUCTURE, "dave", "2026-10-01T09:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() > skippedBefore);

        Classification verdict = classifier.classify(signature, failure);
        assertThat(verdict.category()).isEqualTo(Classification.PRODUCT_BUG);
        assertThat(verdict.reason()).startsWith("Confirmed by carol on 2026-11-02");
    }

    @Test
    void aNearIdenticalSignatureGetsTheVerdictAndADifferentOneDoesNot() {
        FailureEvidence seen = evidence("tests.api.OrdersTest.lists", "requests.exceptions.ConnectionError",
                "HTTPConnectionPool(host='orders-db', port=5432): Max retries exceeded with url: /orders (Caused by "
                        + "NewConnectionError('<urllib3.connection.HTTPConnection object>: Failed to establish a new connection'))",
                "tests/api/test_orders.py:18: in test_lists\n    resp = client.get('/orders')\n");
        String signature = signatureOf(seen);
        // the worker records what the group looked like when it classifies it; the override comes later
        classifier.classify(signature, seen);
        publisher.publish(Topics.HISTORY_EVENTS, override(signature, seen, Classification.PRODUCT_BUG, "erin", "2026-11-20T08:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> verdicts.find(signature).isPresent());

        FailureEvidence nearlyTheSame = evidence("tests.api.OrdersTest.pages", "requests.exceptions.ConnectionError",
                "HTTPConnectionPool(host='orders-db', port=5432): Max retries exceeded with url: /orders/page (Caused by "
                        + "NewConnectionError('<urllib3.connection.HTTPConnection object>: Failed to establish a new connection'))",
                "tests/api/test_orders.py:18: in test_lists\n    resp = client.get('/orders')\n");
        String otherSignature = signatureOf(nearlyTheSame);
        assertThat(otherSignature).isNotEqualTo(signature);
        Classification similar = classifier.classify(otherSignature, nearlyTheSame);
        assertThat(similar.category()).isEqualTo(Classification.PRODUCT_BUG);
        assertThat(similar.rule()).isEqualTo("learned");
        assertThat(similar.reason()).contains("Confirmed by erin on 2026-11-20 for the similar signature " + signature.substring(0, 12));

        FailureEvidence different = evidence("tests.api.OrdersTest.totals", "requests.exceptions.ConnectionError",
                "HTTPSConnectionPool(host='tax.example.com', port=443): Read timed out. (read timeout=10)",
                "tests/api/test_tax.py:9: in test_totals\n    tax.quote(order)\n");
        Classification unrelated = classifier.classify(signatureOf(different), different);
        assertThat(unrelated.rule()).isNotEqualTo("learned");
        assertThat(unrelated.category()).isEqualTo(Classification.INFRASTRUCTURE);
    }

    @Test
    void anOverrideWithoutASignatureIsMatchedThroughTheStoredResultOfItsJob() {
        FailureEvidence failure = evidence("tests.ui.LoginTest.logs_in", "java.lang.IllegalArgumentException",
                "Unknown tenant 'acme-eu'", "");
        String signature = signatureOf(failure);
        mongo.insert(new Document("_id", "job-stored-1").append("status", "completed").append("result",
                new Document("failures", List.of(new Document("test_name", failure.testId()).append("test_id", failure.testId())
                        .append("error", failure.message()).append("error_type", failure.exceptionType())
                        .append("error_signature", signature)))), "analysis_results");
        publisher.publish(Topics.HISTORY_EVENTS, new ClassificationOverridden(UUID.randomUUID(), Instant.now(), "req-3", 1,
                "job-stored-1", failure.testId(), null, Classification.CODE_ISSUE, "", 0, "frank"));
        await().atMost(Duration.ofSeconds(30)).until(() -> verdicts.find(signature).isPresent());
        assertThat(classifier.classify(signature, failure).reason()).startsWith("Confirmed by frank on ");
    }

    @Test
    void otherHistoryEventsAreIgnoredAndAnUnknownClassificationGoesToTheDeadLetterTopic() {
        publisher.publish(Topics.HISTORY_EVENTS, CommentAdded.of("req-4", "job-x", 1, "t", "gus", "hello", List.of()));
        var poison = new ClassificationOverridden(UUID.randomUUID(), Instant.now(), "req-5", 1, "job-poison", "t",
                "abc", "NOT A CATEGORY", "", 0, "hal");
        publisher.publish(Topics.HISTORY_EVENTS, poison);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.HISTORY_EVENTS.deadLetterName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    if ("job-poison".equals(record.key())) {
                        return new String(record.value()).contains(poison.eventId().toString());
                    }
                }
                return false;
            });
        }
        assertThat(verdicts.find("abc")).isEmpty();
    }

    @Test
    void theRulesInUseAreGauged() {
        assertThat(registry.get("triage.classification.rules").gauge().value()).isGreaterThanOrEqualTo(39);
        assertThat(registry.get("triage.classification.operator.rules.invalid").gauge().value()).isZero();
    }

    private long duplicates() {
        var counter = registry.find("triage.kafka.duplicates.skipped").tag("consumer", "analysis-learning").counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static ClassificationOverridden override(String signature, FailureEvidence failure, String category, String actor,
            String at) {
        return new ClassificationOverridden(UUID.randomUUID(), Instant.parse(at), "req", 1, "job-" + actor, failure.testId(),
                signature, category, "", 0, actor);
    }

    private static FailureEvidence evidence(String test, String type, String message, String stack) {
        return new FailureEvidence(test, type, message, stack);
    }

    static String signatureOf(FailureEvidence e) {
        return Signatures.of(e.message(), e.exceptionType(), e.stackTrace()).hash();
    }
}
