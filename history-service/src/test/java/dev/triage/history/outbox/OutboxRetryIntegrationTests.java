package dev.triage.history.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.history.TestBecameFlaky;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.testsupport.TriageIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Events an instance failed to settle are sent again by key, without the sweep that reads every document (which runs
 * at start-up and then rarely, because on the embedded store it is a scan). The outbox under test is one of its own on
 * a collection no sweep reads, so only the retry can have sent the event.
 */
@TriageIntegrationTest
class OutboxRetryIntegrationTests {

    private static final String COLLECTION = "outbox_retry_probe";

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EventPublisher publisher;

    @Test
    void aDocumentWhoseEventsFailedHereIsSentAgainByKeyAndOnlyThat() {
        Outbox outbox = new Outbox(mongo, publisher);
        String marked = "retry." + UUID.randomUUID();
        String unmarked = "other." + marked;
        insertWithLeftover(marked);
        insertWithLeftover(unmarked);

        outbox.markUnsettled(COLLECTION, marked);
        outbox.retryUnsettled();

        await().atMost(Duration.ofSeconds(20)).until(() -> outboxOf(marked).isEmpty());
        assertThat(publishedAbout(marked)).as("the event reached Kafka").isTrue();
        assertThat(outboxOf(unmarked)).as("a document nobody marked waits for the sweep").hasSize(1);
    }

    private void insertWithLeftover(String testId) {
        PendingEvent event = PendingEvent.of(Topics.HISTORY_EVENTS,
                TestBecameFlaky.of("req", "job-1", testId, "passed on rerun", List.of("job-1")));
        PendingEvent leftover = new PendingEvent(event.eventId(), event.topic(), event.type(), event.json(),
                Instant.now().minus(Duration.ofMinutes(1)));
        Document doc = new Document("_id", testId);
        Outbox.append(doc, List.of(leftover));
        mongo.insert(doc, COLLECTION);
    }

    private List<Document> outboxOf(String id) {
        return mongo.findById(id, Document.class, COLLECTION).getList("outbox", Document.class);
    }

    private boolean publishedAbout(String testId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "retry-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.HISTORY_EVENTS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> values.add(r.value()));
                return values.stream().anyMatch(v -> v.contains(testId));
            });
        }
        return true;
    }
}
