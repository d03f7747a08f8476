package dev.triage.history.feedback;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.events.Topics;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.CommentAdded;
import dev.triage.events.history.ReviewChanged;
import dev.triage.history.Documents;
import dev.triage.history.jobs.JobHistories;
import dev.triage.history.outbox.Outbox;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.TestHistories;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.platform.web.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Comments, reviews and overrides, kept in the job's document with the events that announce them. The copies kept on
 * the test's and the signature's documents (for their pages) follow right after and are best effort.
 */
@Service
class Feedback {

    private final MongoTemplate mongo;
    private final JobHistories jobs;
    private final TestHistories tests;
    private final Signatures signatures;
    private final Outbox outbox;

    Feedback(MongoTemplate mongo, JobHistories jobs, TestHistories tests, Signatures signatures, Outbox outbox) {
        this.mongo = mongo;
        this.jobs = jobs;
        this.tests = tests;
        this.signatures = signatures;
        this.outbox = outbox;
    }

    long comment(String jobId, String testName, String childJobName, int childBuildNumber, String text, Actor actor,
            String requestId) {
        long id = jobs.next("comment", 1);
        String signature = signatureOf(jobId, testName);
        Document comment = new Document("id", id).append("job_id", jobId).append("test_name", testName)
                .append("child_job_name", childJobName).append("child_build_number", childBuildNumber)
                .append("comment", text).append("error_signature", Objects.requireNonNullElse(signature, ""))
                .append("username", actor.name()).append("created_at", Date.from(Instant.now()));
        PendingEvent event = PendingEvent.of(Topics.HISTORY_EVENTS,
                CommentAdded.of(requestId, jobId, id, testName, actor.name(), text, Mentions.in(text)));
        mongo.upsert(Query.query(where("_id").is(jobId)), Documents.changed(new Update().push("comments", comment)
                .push("outbox", Outbox.toDocument(event))), JobHistories.COLLECTION);
        outbox.publish(JobHistories.COLLECTION, jobId, List.of(event));
        tests.addComment(testName, comment);
        if (signature != null) {
            signatures.addComment(signature, comment);
        }
        return id;
    }

    void deleteComment(String jobId, long commentId, Actor actor) {
        Document comment = comments(jobId).stream().filter(c -> ((Number) c.get("id")).longValue() == commentId)
                .findFirst().orElseThrow(() -> ApiException.notFound("Comment", Long.toString(commentId)));
        if (!actor.admin() && !actor.name().equals(comment.getString("username"))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Only the author or an admin can delete a comment",
                    Map.of());
        }
        mongo.updateFirst(Query.query(where("_id").is(jobId)), Documents.changed(new Update().pull("comments",
                new Document("id", commentId))), JobHistories.COLLECTION);
        tests.removeComment(comment.getString("test_name"), commentId);
        String signature = comment.getString("error_signature");
        if (signature != null && !signature.isEmpty()) {
            signatures.removeComment(signature, commentId);
        }
    }

    List<Document> comments(String jobId) {
        return list(jobs.summary(jobId).orElse(new Document()), "comments");
    }

    List<Document> reviews(String jobId) {
        return list(jobs.summary(jobId).orElse(new Document()), "reviews");
    }

    void review(String jobId, String key, boolean reviewed, Actor actor, String requestId) {
        PendingEvent event = PendingEvent.of(Topics.HISTORY_EVENTS, ReviewChanged.of(requestId, jobId, key, reviewed,
                actor.name()));
        Documents.update(mongo, JobHistories.COLLECTION, jobId, stored -> {
            Document doc = stored == null ? new Document("first_seen_at", Date.from(Instant.now())) : stored;
            List<Document> reviews = new ArrayList<>(list(doc, "reviews"));
            reviews.removeIf(r -> key.equals(r.getString("key")));
            reviews.add(new Document("key", key).append("reviewed", reviewed).append("username", actor.name())
                    .append("updated_at", Date.from(Instant.now())));
            doc.put("reviews", reviews);
            Outbox.append(doc, List.of(event));
            return doc;
        });
        outbox.publish(JobHistories.COLLECTION, jobId, List.of(event));
    }

    void override(String jobId, String testName, String classification, String childJobName, int childBuildNumber,
            Actor actor, String requestId) {
        String key = reviewKey(testName, childJobName, childBuildNumber);
        String signature = signatureOf(jobId, testName);
        PendingEvent event = PendingEvent.of(Topics.HISTORY_EVENTS, ClassificationOverridden.of(requestId, jobId, testName,
                signature, classification, childJobName, childBuildNumber, actor.name()));
        Document entry = new Document("key", key).append("test_name", testName).append("classification", classification)
                .append("by", actor.name()).append("at", Date.from(Instant.now())).append("job_id", jobId)
                .append("source", "override");
        Document written = Documents.update(mongo, JobHistories.COLLECTION, jobId, stored -> {
            if (stored == null) {
                return null;
            }
            List<Document> overrides = new ArrayList<>(list(stored, "overrides"));
            overrides.removeIf(o -> key.equals(o.getString("key")));
            overrides.add(entry);
            stored.put("overrides", overrides);
            Outbox.append(stored, List.of(event));
            return stored;
        });
        if (written == null) {
            throw ApiException.notFound("Job", jobId);
        }
        outbox.publish(JobHistories.COLLECTION, jobId, List.of(event));
        if (signature != null) {
            signatures.addClassification(signature, entry);
        }
        tests.addClassification(testName, entry);
    }

    static String reviewKey(String testName, String childJobName, int childBuildNumber) {
        return childJobName.isEmpty() ? testName : childJobName + "#" + childBuildNumber + "::" + testName;
    }

    private @Nullable String signatureOf(String jobId, String testName) {
        Query query = Query.query(where("_id").is(jobId));
        query.fields().include("failures");
        Document doc = mongo.findOne(query, Document.class, JobHistories.COLLECTION);
        if (doc == null) {
            return null;
        }
        return list(doc, "failures").stream().filter(f -> testName.equals(f.getString("test_name")))
                .map(f -> f.getString("signature")).filter(Objects::nonNull).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    static List<Document> list(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof List<?> l ? (List<Document>) l : List.of();
    }
}
