package dev.triage.analysis.ai;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The AI verdict cache: one document per signature, provider and model ({@code _id} = all three), so a signature
 * already analysed by the same model costs no second call until the entry expires. Expiry is checked here, on read,
 * because the embedded store enforces no TTL; a real MongoDB may add a TTL index on {@code expiresAt} to reclaim space.
 */
@Repository
class AiVerdicts {

    static final String COLLECTION = "ai_verdicts";

    /** A cached verdict and the debate that produced it (null without peers). */
    record Cached(AiAnalysis analysis, @Nullable Document peerDebate, Instant analysedAt) {
    }

    private final MongoTemplate mongo;

    AiVerdicts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static String key(String signature, String provider, String model) {
        return signature + "|" + provider + "|" + model;
    }

    Optional<Cached> find(String signature, String provider, String model, Instant now) {
        Document doc = mongo.findById(key(signature, provider, model), Document.class, COLLECTION);
        if (doc == null || doc.getDate("expiresAt") == null || !doc.getDate("expiresAt").toInstant().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new Cached(AiAnalysis.fromDocument(doc.get("analysis", Document.class)),
                doc.get("peerDebate", Document.class), doc.getDate("analysedAt").toInstant()));
    }

    void save(String signature, String provider, String model, AiAnalysis analysis, @Nullable Document peerDebate,
            Instant now, Duration ttl) {
        mongo.upsert(Query.query(where("_id").is(key(signature, provider, model))),
                new Update().set("signature", signature).set("provider", provider).set("model", model)
                        .set("analysis", analysis.toDocument()).set("peerDebate", peerDebate)
                        .set("analysedAt", Date.from(now)).set("expiresAt", Date.from(now.plus(ttl))), COLLECTION);
    }
}
