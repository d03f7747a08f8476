package dev.triage.history.tests;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.history.Documents;
import dev.triage.history.HistoryProperties;
import dev.triage.history.outbox.Outbox;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Records the tests' outcomes in one batch of one job: one read of the tests' documents, one bulk write, and the
     * same again for the few another writer changed meanwhile. A test listed twice in the batch keeps its first outcome
     * (a run is keyed by its job).
     *
     * @return how many tests got the run (the others had it before)
     */
    public int recordAll(List<TestOutcome> outcomes, String jobId, @Nullable String jobName, @Nullable Integer buildNumber,
            Instant at, String requestId) {
        Map<String, TestOutcome> byTest = new LinkedHashMap<>();
        for (TestOutcome outcome : outcomes) {
            byTest.putIfAbsent(outcome.testId(), outcome);
        }
        Map<String, List<PendingEvent>> events = new HashMap<>();
        Map<String, Document> written = Documents.updateAll(mongo, COLLECTION, byTest.keySet(), (testId, stored) -> {
            TestOutcome outcome = byTest.get(testId);
            Run run = new Run(jobId, jobName, buildNumber, outcome.outcome() == null ? "failed" : outcome.outcome(),
                    outcome.signature(), outcome.message(), outcome.durationMs(), at);
            TestStory story = stored == null ? TestStory.empty(testId, outcome.suite()) : TestStory.of(stored);
            List<PendingEvent> announced = story.record(run, settings.runsKept(), labels, requestId);
            if (announced == null) {
                events.remove(testId);
                return null;
            }
            events.put(testId, announced);
            return story.document();
        });
        written.keySet().forEach(testId -> {
            List<PendingEvent> announced = events.getOrDefault(testId, List.of());
            if (!announced.isEmpty()) {
                outbox.publish(COLLECTION, testId, announced);
            }
        });
        return written.size();
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
}
