package dev.triage.history.outbox;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.triage.history.Documents;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.platform.kafka.UnsettledOutboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 *
 * <p>Leftovers are found two ways. A publish or removal that fails here is remembered by its document and retried
 * every {@code retry-interval} with a key lookup. What a crash left behind is found by the sweep, which reads every
 * document with an outbox: a scan on the embedded store, whose cost follows the number of tests (with 20,000 tests it
 * kept the local store at 15 % of a core when it ran every 5 s), so it runs at start-up and then every
 * {@code sweep-interval} (10 minutes), which bounds how late a crashed replica's events arrive.
 */
@Component
public class Outbox {

    /** The collections whose documents carry an outbox. */
    public static final List<String> COLLECTIONS = List.of("test_history", "job_history");

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    /** Documents whose events this instance failed to publish or to remove after publishing. */
    private final UnsettledOutboxes<Unsettled> unsettled = new UnsettledOutboxes<>();

    private record Unsettled(String collection, String id) {
    }

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
                        log.warn("History event {} not published yet ({}); retried shortly", event.eventId(),
                                e.getMessage());
                        unsettled.add(new Unsettled(collection, id));
                        return null;
                    });
        }
    }

    /**
     * Publishes the events already stored in the outboxes of many documents of {@code collection}, and once Kafka has
     * answered them all, removes those it acknowledged with one unordered bulk write: a poll that announces events on
     * hundreds of tests costs one write round trip instead of one per event (each of which also made the projection's
     * next read-modify-write of that test retry). What was not acknowledged stays for the sweeper.
     *
     * @param byId the events of each document, by the document's {@code _id}
     */
    public void publishAll(String collection, Map<String, List<PendingEvent>> byId) {
        Map<String, List<String>> acknowledged = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        byId.forEach((id, events) -> events.forEach(event -> sent.add(publisher.publish(event)
                .thenAccept(r -> acknowledged.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(event.eventId()))
                .exceptionally(e -> {
                    log.warn("History event {} not published yet ({}); retried shortly", event.eventId(), e.getMessage());
                    unsettled.add(new Unsettled(collection, id));
                    return null;
                }))));
        if (sent.isEmpty()) {
            return;
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenRun(() -> remove(collection, acknowledged))
                .exceptionally(e -> {
                    log.warn("Published history events not removed from their outboxes ({}); sent again shortly",
                            e.toString());
                    byId.keySet().forEach(id -> unsettled.add(new Unsettled(collection, id)));
                    return null;
                });
    }

    private void remove(String collection, Map<String, List<String>> acknowledged) {
        if (acknowledged.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> pulls = new ArrayList<>();
        acknowledged.forEach((id, eventIds) -> pulls.add(new UpdateOneModel<>(new Document("_id", id), new Document("$pull",
                new Document("outbox", new Document("eventId", new Document("$in", List.copyOf(eventIds)))))
                .append("$inc", new Document("version", 1)).append("$set", new Document(Documents.REV, Documents.newRev())))));
        mongo.getCollection(collection).bulkWrite(pulls, new BulkWriteOptions().ordered(false));
    }

    /** Sends again what failed here: one key lookup per document, never a scan. */
    @Scheduled(fixedDelayString = "${triage.history.retry-interval:5s}", initialDelayString = "5s")
    void retryUnsettled() {
        unsettled.retry(u -> {
            Document doc = mongo.findById(u.id(), Document.class, u.collection());
            return doc == null ? List.of() : entries(doc);
        }, (u, leftovers) -> publish(u.collection(), u.id(), leftovers), LEFTOVER_GRACE);
    }

    /** Remembers a document whose events this instance could not settle. */
    void markUnsettled(String collection, String id) {
        unsettled.add(new Unsettled(collection, id));
    }

    @Scheduled(fixedDelayString = "${triage.history.sweep-interval:10m}", initialDelayString = "3s")
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
