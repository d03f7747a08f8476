package dev.triage.history.tests;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.history.Documents;
import dev.triage.history.HistoryProperties;
import dev.triage.history.outbox.Outbox;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * The {@code test_history} collection, one document per test ({@code _id} = test id).
 *
 * <p>Idempotent by natural key: a run is keyed by its job id inside the test's document, so a redelivered or
 * replayed batch finds its job already there and changes nothing (see {@link TestStory#record}).
 */
@Repository
public class TestHistories {

    public static final String COLLECTION = "test_history";
    private static final int COMMENTS_KEPT = 20;
    /**
     * Test documents read, changed and written at a time. Bounds the memory a large poll needs (documents of up to
     * ~10 KB, held twice while changed) while keeping each bulk write large enough to amortise its round trip.
     */
    private static final int SLICE = 500;

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final HistoryProperties settings;
    private final Labels labels;

    TestHistories(MongoTemplate mongo, Outbox outbox, HistoryProperties settings) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.settings = settings;
        this.labels = new Labels(settings);
    }

    /**
     * Records the outcomes of several batches (those of one Kafka poll) together: each test's document is read once, gets
     * its runs from every batch in the order of {@code batches}, and is written once. The result is the one that
     * recording the batches one after the other would give (a test's document changes only through
     * {@link TestStory#record}, run by run, in that order); only the number of reads and writes shrinks. The tests are
     * worked through a slice at a time, so the documents held in memory stay bounded whatever the poll's size. A test
     * listed twice in one batch keeps its first outcome (a run is keyed by its job).
     *
     * @return for each batch, in order, whether at least one test got its run (false: every run was there before)
     */
    public List<Boolean> recordAll(List<JobOutcomes> batches) {
        Map<String, List<Pending>> byTest = new LinkedHashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            JobOutcomes batch = batches.get(i);
            Set<String> listed = new HashSet<>();
            for (TestOutcome outcome : batch.outcomes()) {
                if (listed.add(outcome.testId())) {
                    byTest.computeIfAbsent(outcome.testId(), t -> new ArrayList<>()).add(new Pending(i, batch.runOf(outcome),
                            outcome.suite(), batch.requestId()));
                }
            }
        }
        boolean[] changed = new boolean[batches.size()];
        List<String> ids = List.copyOf(byTest.keySet());
        for (int from = 0; from < ids.size(); from += SLICE) {
            record(ids.subList(from, Math.min(ids.size(), from + SLICE)), byTest, changed);
        }
        List<Boolean> result = new ArrayList<>(changed.length);
        for (boolean c : changed) {
            result.add(c);
        }
        return result;
    }

    /** Records one batch; see {@link #recordAll(List)}. */
    public boolean record(JobOutcomes batch) {
        return recordAll(List.of(batch)).getFirst();
    }

    private void record(List<String> ids, Map<String, List<Pending>> byTest, boolean[] changed) {
        Map<String, List<PendingEvent>> events = new HashMap<>();
        Map<String, List<Integer>> appliedFrom = new HashMap<>();
        Map<String, Document> written = Documents.updateAll(mongo, COLLECTION, ids, (testId, stored) -> {
            List<Pending> runs = byTest.get(testId);
            TestStory story = stored == null ? TestStory.empty(testId, runs.getFirst().suite()) : TestStory.of(stored);
            List<PendingEvent> announced = new ArrayList<>();
            List<Integer> applied = new ArrayList<>();
            for (Pending pending : runs) {
                List<PendingEvent> news = story.record(pending.run(), settings.runsKept(), labels, pending.requestId());
                if (news != null) {
                    announced.addAll(news);
                    applied.add(pending.batch());
                }
            }
            if (applied.isEmpty()) {
                events.remove(testId);
                appliedFrom.remove(testId);
                return null;
            }
            events.put(testId, announced);
            appliedFrom.put(testId, applied);
            return story.document();
        });
        Map<String, List<PendingEvent>> announced = new LinkedHashMap<>();
        written.keySet().forEach(testId -> {
            appliedFrom.getOrDefault(testId, List.of()).forEach(batch -> changed[batch] = true);
            List<PendingEvent> news = events.getOrDefault(testId, List.of());
            if (!news.isEmpty()) {
                announced.put(testId, news);
            }
        });
        outbox.publishAll(COLLECTION, announced);
    }

    public Optional<Document> find(String testId) {
        return Optional.ofNullable(mongo.findById(testId, Document.class, COLLECTION));
    }

    /** Keeps a comment on the test's document (the newest few), so the test's page needs no query over comments. */
    public void addComment(String testId, Document comment) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                Documents.changed(new Update().push("comments").slice(-COMMENTS_KEPT).each(comment)), COLLECTION);
    }

    public void removeComment(String testId, long commentId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                Documents.changed(new Update().pull("comments", new Document("id", commentId))), COLLECTION);
    }

    /** Keeps a manual classification on the test's document. */
    public void addClassification(String testId, Document classification) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                Documents.changed(new Update().push("classifications").slice(-COMMENTS_KEPT).each(classification)), COLLECTION);
    }

    public List<Run> runsOf(Document doc) {
        return TestStory.runsOf(doc);
    }

    /**
     * The outcomes of one batch of one job, as the projection records them.
     *
     * @param jobId       the analysis job; each test keeps one run per job
     * @param jobName     the CI job name; may be null
     * @param buildNumber the CI build number; may be null
     * @param at          when the job's outcomes were recorded
     * @param requestId   the request id the announced events carry
     * @param outcomes    the tests' outcomes, each with a test id
     */
    public record JobOutcomes(String jobId, @Nullable String jobName, @Nullable Integer buildNumber, Instant at,
            String requestId, List<TestOutcome> outcomes) {

        Run runOf(TestOutcome outcome) {
            return new Run(jobId, jobName, buildNumber, outcome.outcome() == null ? "failed" : outcome.outcome(),
                    outcome.signature(), outcome.message(), outcome.durationMs(), at);
        }
    }

    /** A run waiting to be recorded, with the index of the batch it came from. */
    private record Pending(int batch, Run run, @Nullable String suite, String requestId) {
    }
}
