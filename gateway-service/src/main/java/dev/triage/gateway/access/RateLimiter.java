package dev.triage.gateway.access;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in the {@code rate_limits} collection: one document per bucket and window, incremented
 * atomically ({@code findOneAndUpdate} with upsert and {@code $inc}), so every gateway replica on the same store spends
 * the same budget. Windows are removed by the {@link AccessSweeper} once they are over.
 */
@Component
class RateLimiter {

    static final String COLLECTION = "rate_limits";

    private final MongoTemplate mongo;
    private final Clock clock = Clock.systemUTC();

    RateLimiter(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The outcome of one request against a budget.
     *
     * @param limit     requests allowed per window
     * @param remaining requests left in this window (0 when over)
     * @param resetAt   when the window ends, epoch seconds
     * @param allowed   whether this request is within the budget
     * @param retryAfterSeconds seconds until the window ends, at least 1
     */
    record Decision(int limit, int remaining, long resetAt, boolean allowed, long retryAfterSeconds) {
    }

    Decision hit(String bucket, int limit, Duration window) {
        Instant now = clock.instant();
        long windowSeconds = Math.max(1, window.toSeconds());
        long start = now.getEpochSecond() / windowSeconds * windowSeconds;
        long end = start + windowSeconds;
        String id = bucket + "@" + start;
        long count = increment(id, Date.from(Instant.ofEpochSecond(end)));
        boolean allowed = count <= limit;
        return new Decision(limit, (int) Math.max(0, limit - count), end, allowed, Math.max(1, end - now.getEpochSecond()));
    }

    private long increment(String id, Date expiresAt) {
        MongoCollection<Document> counters = mongo.getCollection(COLLECTION);
        var options = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
        var update = Updates.combine(Updates.inc("count", 1L), Updates.setOnInsert("expiresAt", expiresAt));
        for (int attempt = 0; ; attempt++) {
            try {
                Document after = counters.findOneAndUpdate(Filters.eq("_id", id), update, options);
                return after == null ? 1 : ((Number) after.get("count")).longValue();
            } catch (MongoWriteException | DuplicateKeyException e) {
                // two replicas created the same window at once: the loser increments the winner's document
                if (attempt >= 2) {
                    throw e;
                }
            } catch (com.mongodb.MongoCommandException e) {
                if (e.getErrorCode() != 11000 || attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    long sweep() {
        return mongo.getCollection(COLLECTION).deleteMany(Filters.lt("expiresAt", Date.from(clock.instant()))).getDeletedCount();
    }
}
