package dev.triage.history.tests;

import dev.triage.history.Documents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The {@code signature_history} collection, one document per error signature ({@code _id} = signature hash): its
 * occurrences, the tests that failed with it most recently and how many distinct tests did, the jobs it appeared in,
 * its classification history and known bugs.
 *
 * <p>Idempotent by natural key: each {@code (job, batch)} applied is listed in {@code applied} (as a short hash, see
 * {@link AppliedBatches}) and a batch found there changes nothing.
 */
@Repository
public class Signatures {

    public static final String COLLECTION = "signature_history";
    /**
     * The newest jobs listed, which is what their readers look at (the job being excluded from a search, the latest
     * failure's job). A signature seen in every job is read and written for every job, so what it keeps is what each
     * of those writes costs: 500 jobs and 5,000 applied batches made such a document ~300 KB.
     */
    private static final int JOBS_KEPT = 100;
    /** Batches remembered for idempotency: far more than Kafka redelivers after a crash (the uncommitted tail). */
    private static final int APPLIED_KEPT = 1000;
    /**
     * The tests listed with their occurrences, those that failed with the signature most recently. Without a bound a
     * signature that many tests share (a refused connection, a parameterised test whose names carry ids) grew by a few
     * names with every job and was read and written whole for every job: 600 KB after 2,500 jobs in the benchmark.
     * {@code unique_tests} counts every distinct test; it is exact while no more than this many tests share the
     * signature, and beyond that counts a test again if it fails again after it dropped off the list.
     */
    public static final int TESTS_KEPT = 200;
    private static final int KEPT = 20;
    /** Signature documents (up to ~60 KB each) read, changed and written at a time. */
    private static final int SLICE = 100;

    private final MongoTemplate mongo;

    Signatures(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Records the failing tests of several batches (those of one Kafka poll) by signature: each signature's document is
     * read once, gets every batch that failed with it in the order of {@code batches}, and is written once, with the
     * result that recording the batches one after the other would give.
     *
     * @return how many signatures recorded at least one batch (the others had them all before)
     */
    public int recordAll(List<FailedBatch> batches) {
        Map<String, List<FailedBatch>> bySignature = new LinkedHashMap<>();
        for (FailedBatch batch : batches) {
            batch.bySignature().keySet().forEach(s -> bySignature.computeIfAbsent(s, k -> new ArrayList<>()).add(batch));
        }
        int recorded = 0;
        List<String> ids = List.copyOf(bySignature.keySet());
        for (int from = 0; from < ids.size(); from += SLICE) {
            recorded += Documents.updateAll(mongo, COLLECTION, ids.subList(from, Math.min(ids.size(), from + SLICE)),
                    (signature, stored) -> {
                        Document doc = stored;
                        boolean changed = false;
                        for (FailedBatch batch : bySignature.get(signature)) {
                            if (doc == null) {
                                doc = new Document("total_occurrences", 0L).append("first_seen", Date.from(batch.at()))
                                        .append("tests", List.of()).append("jobs", List.of());
                            }
                            changed |= apply(doc, batch, batch.bySignature().get(signature));
                        }
                        return changed ? doc : null;
                    }).size();
        }
        return recorded;
    }

    /** Adds one batch's failing tests to a signature's document; false when the batch was there before. */
    @SuppressWarnings("unchecked")
    private static boolean apply(Document doc, FailedBatch batch, Collection<String> tests) {
        long key = AppliedBatches.key(batch.jobId(), batch.batch());
        Date when = Date.from(batch.at());
        AppliedBatches applied = AppliedBatches.of(doc.get("applied"));
        if (applied.contains(key)) {
            return false;
        }
        doc.put("applied", applied.with(key, APPLIED_KEPT).toBinary());
        doc.put("total_occurrences", ((Number) doc.get("total_occurrences")).longValue() + tests.size());
        Date first = doc.getDate("first_seen");
        doc.put("first_seen", first == null || when.before(first) ? when : first);
        Date last = doc.getDate("last_seen");
        doc.put("last_seen", last == null || when.after(last) ? when : last);
        List<Document> recent = new ArrayList<>((List<Document>) doc.getOrDefault("tests", List.of()));
        long unique = uniqueTests(doc);
        for (String test : tests) {
            int at = indexOfTest(recent, test);
            long occurrences = 1;
            if (at < 0) {
                unique++;
            } else {
                occurrences += ((Number) recent.remove(at).get("occurrences")).longValue();
            }
            recent.add(new Document("test_name", test).append("occurrences", occurrences));
        }
        doc.put("tests", tail(recent, TESTS_KEPT));
        doc.put("unique_tests", unique);
        List<Document> jobs = new ArrayList<>((List<Document>) doc.getOrDefault("jobs", List.of()));
        Document job = jobs.stream().filter(j -> batch.jobId().equals(j.getString("job_id"))).findFirst().orElse(null);
        if (job == null) {
            job = new Document("job_id", batch.jobId()).append("job_name", batch.jobName()).append("at", when)
                    .append("tests", List.of());
            jobs.add(job);
        }
        Set<String> jobTests = new LinkedHashSet<>((List<String>) job.get("tests"));
        jobTests.addAll(tests);
        job.put("tests", List.copyOf(jobTests));
        doc.put("jobs", tail(jobs, JOBS_KEPT));
        return true;
    }

    /**
     * How many distinct tests failed with the signature; a document written before the count existed listed every
     * test, so its list is the count.
     */
    @SuppressWarnings("unchecked")
    public static long uniqueTests(Document signature) {
        Object counted = signature.get("unique_tests");
        return counted instanceof Number n ? n.longValue()
                : ((List<Document>) signature.getOrDefault("tests", List.of())).size();
    }

    private static int indexOfTest(List<Document> tests, String name) {
        for (int i = tests.size() - 1; i >= 0; i--) {
            if (name.equals(tests.get(i).getString("test_name"))) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Document> find(String signature) {
        return Optional.ofNullable(mongo.findById(signature, Document.class, COLLECTION));
    }

    /** Appends to the signature's classification history (overrides and manual classifications). */
    public void addClassification(String signature, Document entry) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(signature)),
                Documents.changed(new Update().push("classification_history").slice(-KEPT).each(entry)), COLLECTION);
    }

    /** Links the signature to a tracker issue: its failures are a KNOWN_BUG. */
    public void addKnownBug(String signature, String references) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(signature)),
                Documents.changed(new Update().addToSet("known_bugs", references)), COLLECTION);
    }

    public void addComment(String signature, Document comment) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(signature)),
                Documents.changed(new Update().push("comments").slice(-KEPT).each(comment)), COLLECTION);
    }

    public void removeComment(String signature, long commentId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(signature)),
                Documents.changed(new Update().pull("comments", new Document("id", commentId))), COLLECTION);
    }

    private static <T> List<T> tail(List<T> list, int n) {
        return List.copyOf(list.subList(Math.max(0, list.size() - n), list.size()));
    }

    /**
     * The failing tests of one batch of one job, by signature.
     *
     * @param jobId       the analysis job
     * @param jobName     the CI job name; may be null
     * @param batch       the batch's number within the job; {@code (jobId, batch)} is recorded once per signature
     * @param at          when the job's outcomes were recorded
     * @param bySignature the tests that failed, by signature
     */
    public record FailedBatch(String jobId, @Nullable String jobName, int batch, Instant at,
            Map<String, ? extends Collection<String>> bySignature) {
    }
}
