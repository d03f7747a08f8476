package dev.triage.history.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.history.Documents;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the events kept in a document's {@code outbox} array and removes each once Kafka acknowledged it. Removal
 * changes the document's {@code rev} (see {@link Documents}), so a read-modify-write racing with it retries instead of
 * restoring the entry.
 */
@Component
public class Outbox {

    /** The collections whose documents carry an outbox. */
    public static final List<String> COLLECTIONS = List.of("test_history", "job_history");

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;

    Outbox(MongoTemplate mongo, EventPublisher publisher) {
        this.mongo = mongo;
        this.publisher = publisher;
    }

    /** Adds events to a document about to be written. */
    @SuppressWarnings("unchecked")
    public static void append(Document doc, List<PendingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Document> outbox = new ArrayList<>((List<Document>) doc.getOrDefault("outbox", List.of()));
        events.forEach(e -> outbox.add(toDocument(e)));
        doc.put("outbox", outbox);
    }

    /** The outbox entry of an event, for {@code $push}. */
    public static Document toDocument(PendingEvent e) {
        return new Document("eventId", e.eventId()).append("topic", e.topic()).append("type", e.type())
                .append("json", e.json()).append("createdAt", Date.from(e.createdAt()));
    }

    /** Publishes events already stored in the outbox of document {@code id} of {@code collection}. */
    public void publish(String collection, String id, List<PendingEvent> events) {
        for (PendingEvent event : events) {
            publisher.publish(event).thenAccept(r -> mongo.updateFirst(Query.query(where("_id").is(id)),
                    Documents.changed(new Update().pull("outbox", new Document("eventId", event.eventId()))), collection))
                    .exceptionally(e -> {
                        log.warn("History event {} not published yet ({}); the sweeper retries", event.eventId(),
                                e.getMessage());
                        return null;
                    });
        }
    }

    @Scheduled(fixedDelayString = "${triage.history.sweep-interval:5s}", initialDelayString = "3s")
    void sweep() {
        Instant now = Instant.now();
        for (String collection : COLLECTIONS) {
            try {
                for (Document doc : mongo.find(Query.query(where("outbox.0").exists(true)).limit(200), Document.class,
                        collection)) {
                    List<PendingEvent> leftovers = entries(doc).stream().filter(e -> e.isLeftover(now, LEFTOVER_GRACE))
                            .toList();
                    publish(collection, doc.getString("_id"), leftovers);
                }
            } catch (RuntimeException e) {
                log.warn("History outbox sweep of {} failed, next one retries: {}", collection, e.toString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<PendingEvent> entries(Document doc) {
        List<Document> entries = (List<Document>) doc.getOrDefault("outbox", List.of());
        return entries.stream().map(e -> new PendingEvent(e.getString("eventId"), e.getString("topic"), e.getString("type"),
                e.getString("json"), e.getDate("createdAt").toInstant())).toList();
    }
}
