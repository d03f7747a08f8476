package dev.triage.analysis.jobs;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Who works on which job. A worker claims a job for a lease and renews it at every phase; a claim whose lease ran out
 * belongs to a worker that died and may be taken over (with the next attempt number). Cancel requests are kept here
 * too, so that a worker sees them at its next phase boundary, and a job cancelled before any worker took it is
 * cancelled when one does.
 */
@Repository
class JobClaims {

    /** One job's claim. */
    @Document("job_claims")
    record Claim(@Id String jobId, @Nullable String owner, int attempt, @Nullable Instant leaseUntil, boolean cancelled,
            boolean done) {
    }

    private final MongoTemplate mongo;
    private final WorkerShutdown shutdown;

    JobClaims(MongoTemplate mongo, WorkerShutdown shutdown) {
        this.mongo = mongo;
        this.shutdown = shutdown;
    }

    /**
     * Claims the job for {@code owner} unless another worker holds a live lease or the job is done.
     *
     * @return the claim with its attempt number, or empty when someone else has it or it is finished
     * @throws WorkerShutdown.WorkerStoppingException when the worker is shutting down (the request stays uncommitted)
     */
    Optional<Claim> claim(String jobId, String owner, Instant now, Instant leaseUntil) {
        shutdown.admit(jobId);
        // a job is usually new: one insert claims it; only redeliveries and takeovers need the conditional update
        try {
            return Optional.of(mongo.insert(new Claim(jobId, owner, 1, leaseUntil, false, false)));
        } catch (DuplicateKeyException e) {
            Criteria free = new Criteria().orOperator(where("leaseUntil").lt(now), where("owner").is(owner),
                    where("owner").is(null));
            Query query = Query.query(where("_id").is(jobId).and("done").is(false)).addCriteria(free);
            Update update = new Update().set("owner", owner).set("leaseUntil", leaseUntil).inc("attempt", 1);
            return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                    Claim.class));
        }
    }

    /**
     * Extends the lease and reads the claim back in one round trip.
     *
     * @return the claim, or empty when it was lost (taken over after the lease ran out)
     * @throws WorkerShutdown.WorkerStoppingException when the worker is shutting down and its drain time is over; the
     *                                                claim is released first
     */
    Optional<Claim> renew(String jobId, String owner, Instant leaseUntil) {
        if (shutdown.drainOver()) {
            // shutting down and out of time: free the claim so the next worker takes it without waiting for the lease
            release(jobId, owner);
            throw new WorkerShutdown.WorkerStoppingException(jobId);
        }
        return Optional.ofNullable(mongo.findAndModify(Query.query(where("_id").is(jobId).and("owner").is(owner)),
                new Update().set("leaseUntil", leaseUntil), FindAndModifyOptions.options().returnNew(true), Claim.class));
    }

    /** Records a cancel request, creating the claim if no worker has taken the job yet. */
    void cancel(String jobId) {
        mongo.upsert(Query.query(where("_id").is(jobId)),
                new Update().set("cancelled", true).setOnInsert("done", false).setOnInsert("attempt", 0), Claim.class);
    }

    /**
     * Gives the job up without finishing it (it waits for Jenkins, or this worker is stopping); any worker may claim it
     * again at once.
     */
    void release(String jobId, String owner) {
        mongo.updateFirst(Query.query(where("_id").is(jobId).and("owner").is(owner)),
                new Update().set("owner", null).set("leaseUntil", null), Claim.class);
    }

    void finish(String jobId) {
        mongo.updateFirst(Query.query(where("_id").is(jobId)),
                new Update().set("done", true).set("owner", null).set("leaseUntil", null), Claim.class);
    }

    void delete(String jobId) {
        mongo.remove(Query.query(where("_id").is(jobId)), Claim.class);
    }
}
