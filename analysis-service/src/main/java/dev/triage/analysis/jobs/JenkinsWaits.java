package dev.triage.analysis.jobs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Jobs waiting for a running Jenkins build, one document each, only while they wait: the request to run again and
 * when. The collection stays as small as the number of waiting jobs, so every worker can look for due ones often,
 * even on the embedded store. The job's claim stays the lock; this is only the alarm clock.
 */
@Repository
class JenkinsWaits {

    /**
     * One waiting job.
     *
     * @param jobId        the job
     * @param request      the request event as JSON (it carries no secrets)
     * @param nextCheckAt  when the build is looked at again
     * @param waitingSince when the job started waiting, for {@code max_wait_minutes}
     * @param checks       how often the build was found still running
     */
    @Document("jenkins_waits")
    record Wait(@Id String jobId, String request, Instant nextCheckAt, Instant waitingSince, int checks) {
    }

    private final MongoTemplate mongo;

    JenkinsWaits(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<Wait> find(String jobId) {
        return Optional.ofNullable(mongo.findById(jobId, Wait.class));
    }

    /** Records (or moves) the next check; the first wait's start is kept. */
    void park(String jobId, String request, Instant nextCheckAt, Instant waitingSince) {
        mongo.upsert(Query.query(where("_id").is(jobId)), new Update().set("request", request).set("nextCheckAt", nextCheckAt)
                .setOnInsert("waitingSince", waitingSince).inc("checks", 1), Wait.class);
    }

    /** Waits whose check is due, a few at a time. */
    List<Wait> due(Instant now, int limit) {
        return mongo.find(Query.query(where("nextCheckAt").lte(now)).limit(limit), Wait.class);
    }

    /**
     * Takes a due check for this worker by moving its time on by {@code holdUntil} (so other workers skip it meanwhile);
     * only one of several workers that saw the same due time wins.
     */
    Optional<Wait> take(Wait seen, Instant holdUntil) {
        return Optional.ofNullable(mongo.findAndModify(Query.query(where("_id").is(seen.jobId())
                .and("nextCheckAt").is(seen.nextCheckAt())), new Update().set("nextCheckAt", holdUntil),
                FindAndModifyOptions.options().returnNew(true), Wait.class));
    }

    /** A cancel request should not wait for the next poll. */
    void wakeUp(String jobId, Instant now) {
        mongo.updateFirst(Query.query(where("_id").is(jobId)), new Update().set("nextCheckAt", now), Wait.class);
    }

    void forget(String jobId) {
        mongo.remove(Query.query(where("_id").is(jobId)), Wait.class);
    }

    static @Nullable Instant since(Optional<Wait> wait) {
        return wait.map(Wait::waitingSince).orElse(null);
    }
}
