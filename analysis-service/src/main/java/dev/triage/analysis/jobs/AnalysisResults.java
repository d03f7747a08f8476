package dev.triage.analysis.jobs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.platform.kafka.PendingEvent;
import java.io.Writer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.json.JsonWriter;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Stored results, one document per job ({@code _id} = job id), written once together with the events that announce
 * them. The id makes a second write of the same job fail, so a redelivered request can never leave two answers.
 */
@Repository
public class AnalysisResults {

    static final String COLLECTION = "analysis_results";
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    /**
     * A result in the shape the API serves it: its JSON, with the enriched report by reference (it can be 50 MB: it
     * stays in the payload store and the gateway streams it to the caller).
     */
    public static String served(Document result, @Nullable String enrichedXmlId) {
        return served(result, enrichedXmlId, Integer.MAX_VALUE).orElseThrow();
    }

    /** As {@link #served(Document, String)}, or empty as soon as the JSON grows past {@code maxChars}. */
    public static Optional<String> served(Document result, @Nullable String enrichedXmlId, int maxChars) {
        Document copy = new Document(result);
        copy.put("enriched_xml_id", enrichedXmlId);
        BoundedWriter out = new BoundedWriter(maxChars);
        try {
            new DocumentCodec().encode(new JsonWriter(out, RELAXED), copy, EncoderContext.builder().build());
            return Optional.of(out.text.toString());
        } catch (TooLarge stop) {
            return Optional.empty();
        }
    }

    /** Collects text up to a size; every write of a {@link Writer} ends up in the one method overridden here. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int maxChars;

        BoundedWriter(int maxChars) {
            this.maxChars = maxChars;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            if (text.length() + length > maxChars) {
                throw new TooLarge();
            }
            text.append(chars, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** Stops rendering a result that is too large to carry. */
    private static final class TooLarge extends RuntimeException {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private final MongoTemplate mongo;

    AnalysisResults(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Stores a job's final result and its outbox in one insert.
     *
     * @return false when the job already had a result (a duplicate delivery finished first)
     */
    boolean save(String jobId, String status, Document result, @Nullable String enrichedXmlId, List<PendingEvent> outbox) {
        Document doc = new Document("_id", jobId).append("status", status).append("result", result)
                .append("enrichedXmlId", enrichedXmlId).append("createdAt", Date.from(Instant.now()))
                .append("outbox", outbox.stream().map(AnalysisResults::toDocument).toList());
        try {
            mongo.insert(doc, COLLECTION);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<Document> find(String jobId) {
        return Optional.ofNullable(mongo.findById(jobId, Document.class, COLLECTION));
    }

    boolean exists(String jobId) {
        return mongo.exists(Query.query(where("_id").is(jobId)), COLLECTION);
    }

    List<PendingEvent> outboxOf(String jobId) {
        return find(jobId).map(AnalysisResults::outboxOf).orElse(List.of());
    }

    void markPublished(String jobId, List<String> eventIds) {
        mongo.updateFirst(Query.query(where("_id").is(jobId)),
                new Update().pull("outbox", new Document("eventId", new Document("$in", eventIds))), COLLECTION);
    }

    /** Results with events Kafka has not acknowledged, for the sweeper. */
    List<Document> withPendingEvents(int limit) {
        return mongo.find(Query.query(where("outbox.0").exists(true)).limit(limit), Document.class, COLLECTION);
    }

    public boolean delete(String jobId) {
        return mongo.remove(Query.query(where("_id").is(jobId)), COLLECTION).getDeletedCount() > 0;
    }

    @SuppressWarnings("unchecked")
    static List<PendingEvent> outboxOf(Document doc) {
        List<Document> entries = (List<Document>) doc.getOrDefault("outbox", List.of());
        return entries.stream().map(e -> new PendingEvent(e.getString("eventId"), e.getString("topic"), e.getString("type"),
                e.getString("json"), e.getDate("createdAt").toInstant())).toList();
    }

    private static Document toDocument(PendingEvent e) {
        return new Document("eventId", e.eventId()).append("topic", e.topic()).append("type", e.type())
                .append("json", e.json()).append("createdAt", Date.from(e.createdAt()));
    }
}
