package dev.triage.analysis.ai;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * {@code token_usage}: one document per AI call, written when the call ends (whatever its outcome, when tokens were
 * spent). Reports read them filtered by time, provider, model and call type and add them up in the service, so the
 * same code runs on the embedded store and on MongoDB.
 */
@Repository
class TokenUsageRecords {

    static final String COLLECTION = "token_usage";
    /** Cursor batch for report scans (large reads on the embedded store need one, INFRA.md gotcha 20). */
    static final int BATCH = 500;

    private final MongoTemplate mongo;

    TokenUsageRecords(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void save(CallRecord call) {
        mongo.insert(call.toDocument(), COLLECTION);
    }

    List<Document> ofJob(String jobId) {
        return mongo.find(Query.query(where("job_id").is(jobId)).limit(10_000), Document.class, COLLECTION).stream()
                .sorted((a, b) -> a.getDate("created_at").compareTo(b.getDate("created_at"))).toList();
    }

    /** Streams the records matching the filters (null: no filter) to {@code each}. */
    void scan(@Nullable Instant from, @Nullable Instant to, @Nullable String provider, @Nullable String model,
            @Nullable String callType, Consumer<Document> each) {
        Criteria criteria = new Criteria();
        if (from != null || to != null) {
            Criteria time = where("created_at");
            if (from != null) {
                time = time.gte(Date.from(from));
            }
            if (to != null) {
                time = time.lt(Date.from(to));
            }
            criteria = time;
        }
        Query query = Query.query(criteria);
        if (provider != null) {
            query.addCriteria(where("ai_provider").is(provider));
        }
        if (model != null) {
            query.addCriteria(where("ai_model").is(model));
        }
        if (callType != null) {
            query.addCriteria(where("call_type").is(callType));
        }
        query.cursorBatchSize(BATCH);
        mongo.stream(query, Document.class, COLLECTION).forEach(each);
    }
}
