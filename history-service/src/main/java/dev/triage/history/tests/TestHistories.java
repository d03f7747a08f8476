package dev.triage.history.tests;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.history.Documents;
import dev.triage.history.HistoryProperties;
import dev.triage.history.outbox.Outbox;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
     * Records one test's outcome in one job.
     *
     * @return false when the run was recorded before
     */
    public boolean record(TestOutcome outcome, String jobId, @Nullable String jobName, @Nullable Integer buildNumber,
            Instant at, String requestId) {
        Run run = new Run(jobId, jobName, buildNumber, outcome.outcome() == null ? "failed" : outcome.outcome(),
                outcome.signature(), outcome.message(), outcome.durationMs(), at);
        List<PendingEvent> events = new ArrayList<>();
        Document written = Documents.update(mongo, COLLECTION, outcome.testId(), stored -> {
            TestStory story = stored == null ? TestStory.empty(outcome.testId(), outcome.suite()) : TestStory.of(stored);
            List<PendingEvent> announced = story.record(run, settings.runsKept(), labels, requestId);
            events.clear();
            if (announced == null) {
                return null;
            }
            events.addAll(announced);
            return story.document();
        });
        if (written != null && !events.isEmpty()) {
            outbox.publish(COLLECTION, outcome.testId(), events);
        }
        return written != null;
    }

    public Optional<Document> find(String testId) {
        return Optional.ofNullable(mongo.findById(testId, Document.class, COLLECTION));
    }

    /** Keeps a comment on the test's document (the newest few), so the test's page needs no query over comments. */
    public void addComment(String testId, Document comment) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                new Update().push("comments").slice(-COMMENTS_KEPT).each(comment).inc("version", 1), COLLECTION);
    }

    public void removeComment(String testId, long commentId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                new Update().pull("comments", new Document("id", commentId)).inc("version", 1), COLLECTION);
    }

    /** Keeps a manual classification on the test's document. */
    public void addClassification(String testId, Document classification) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(testId)),
                new Update().push("classifications").slice(-COMMENTS_KEPT).each(classification).inc("version", 1),
                COLLECTION);
    }

    public List<Run> runsOf(Document doc) {
        return TestStory.runsOf(doc);
    }
}
