package dev.triage.history.jobs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import dev.triage.history.Documents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The {@code job_history} collection, one document per analysed job ({@code _id} = job id).
 *
 * <p>Idempotent by natural key: the batches applied are listed in the document and the update's filter requires the
 * batch to be absent, so a redelivered batch matches nothing, its upsert collides on {@code _id} and nothing changes.
 */
@Repository
public class JobHistories {

    public static final String COLLECTION = "job_history";
    static final String COUNTERS = "counters";
    /** Failure rows stored per job; the count stays exact beyond it. */
    static final int FAILURES_KEPT = 5000;
    private static final int SUMMARIES_PER_READ = 250;

    private final MongoTemplate mongo;

    JobHistories(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Stores the failures of one batch.
     *
     * @param firstId the number of the batch's first failure row, the others following it (see {@link #next})
     * @return the job's failure count after the batch, or empty when the batch was applied before
     */
    Optional<Long> applyBatch(String jobId, @Nullable String jobName, @Nullable Integer buildNumber, int batch,
            List<TestOutcome> failures, long firstId, Instant at) {
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < failures.size(); i++) {
            TestOutcome f = failures.get(i);
            rows.add(new Document("id", firstId + i).append("test_name", f.testId()).append("signature", f.signature())
                    .append("message", f.message()).append("outcome", f.outcome()).append("at", Date.from(at)));
        }
        Update update = Documents.changed(new Update().addToSet("batches", batch).inc("failure_count", failures.size())
                .setOnInsert("first_seen_at", Date.from(at)).set("recorded_at", Date.from(at)));
        if (!rows.isEmpty()) {
            update.push("failures").slice(FAILURES_KEPT).each(rows.toArray());
        }
        if (jobName != null) {
            update.set("job_name", jobName);
        }
        if (buildNumber != null) {
            update.set("build_number", buildNumber);
        }
        try {
            Document after = mongo.findAndModify(Query.query(where("_id").is(jobId).and("batches").ne(batch)), update,
                    FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
            return Optional.of(after == null ? 0L : ((Number) after.getOrDefault("failure_count", 0)).longValue());
        } catch (DuplicateKeyException duplicate) {
            return Optional.empty();
        }
    }

    /** Records that a job completed; setting the same values twice is the same as once. */
    void complete(String jobId, @Nullable Totals totals, @Nullable String summary, Instant at) {
        Update update = ended("completed", summary, null, at);
        if (totals != null) {
            update.set("totals", new Document(Map.of("tests", totals.tests(), "passed", totals.passed(), "failures",
                    totals.failures(), "errors", totals.errors(), "skipped", totals.skipped(), "flaky", totals.flaky())));
        }
        mongo.upsert(Query.query(where("_id").is(jobId)), update, COLLECTION);
    }

    /**
     * Records that a job failed; setting the same values twice is the same as once.
     *
     * @return the job's failure count, or empty when outcome batches of the job were recorded (an earlier attempt's,
     *         which list the job in the feeds with its count themselves); read in the same round trip
     */
    Optional<Long> fail(String jobId, @Nullable String error, Instant at) {
        Query query = Query.query(where("_id").is(jobId));
        query.fields().include("failure_count").include("batches");
        Document after = mongo.findAndModify(query, ended("failed", null, error, at),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COLLECTION);
        if (after != null && after.get("batches") instanceof List<?> batches && !batches.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(after == null ? 0L : ((Number) after.getOrDefault("failure_count", 0L)).longValue());
    }

    private static Update ended(String status, @Nullable String summary, @Nullable String error, Instant at) {
        return Documents.changed(new Update().set("status", status).set("completed_at", Date.from(at))
                .set("summary", summary).set("error", error).setOnInsert("first_seen_at", Date.from(at))
                .setOnInsert("failure_count", 0L));
    }

    public Optional<Document> find(String jobId) {
        return Optional.ofNullable(mongo.findById(jobId, Document.class, COLLECTION));
    }

    /** The job without its failure rows and outbox, for lists. */
    public Optional<Document> summary(String jobId) {
        Query query = Query.query(where("_id").is(jobId));
        query.fields().exclude("failures").exclude("outbox").exclude("batches");
        return Optional.ofNullable(mongo.findOne(query, Document.class, COLLECTION));
    }

    /**
     * The jobs without their failure rows and outbox, for lists: one {@code _id $in} read per few hundred jobs instead
     * of one read per job.
     *
     * @return the jobs found, by id
     */
    public Map<String, Document> summaries(List<String> jobIds) {
        Map<String, Document> found = new HashMap<>();
        for (int from = 0; from < jobIds.size(); from += SUMMARIES_PER_READ) {
            Query query = Query.query(where("_id").in(jobIds.subList(from, Math.min(jobIds.size(), from + SUMMARIES_PER_READ))));
            query.fields().exclude("failures").exclude("outbox").exclude("batches");
            mongo.find(query, Document.class, COLLECTION).forEach(d -> found.put(d.getString("_id"), d));
        }
        return found;
    }

    public long failureCount(String jobId) {
        return summary(jobId).map(d -> ((Number) d.getOrDefault("failure_count", 0)).longValue()).orElse(0L);
    }

    /** The current value of a named counter; empty when it was never advanced. */
    public Optional<Long> current(String counter) {
        return Optional.ofNullable(mongo.findById(counter, Document.class, COUNTERS))
                .map(doc -> ((Number) doc.get("seq")).longValue());
    }

    /** The next value of a named counter after adding {@code by}. */
    public long next(String counter, int by) {
        Document doc = mongo.findAndModify(Query.query(where("_id").is(counter)), new Update().inc("seq", (long) by),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, COUNTERS);
        return ((Number) doc.get("seq")).longValue();
    }
}
