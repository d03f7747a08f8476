package dev.triage.gateway.jobs;

import dev.triage.platform.kafka.PendingEvent;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.events.analysis.ProgressStep;
import dev.triage.events.analysis.Totals;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * The job registry. Every change is one atomic single-document update guarded in its filter, so redelivered or
 * reordered events cannot move a job backwards and no transaction is needed.
 */
@Repository
public class Jobs {

    /** The phase every worker attempt starts with. */
    static final String FIRST_WORKER_PHASE = "analyzing";

    /** The phase of a job whose Jenkins build is still running: the job is {@code waiting}, not {@code running}. */
    public static final String WAITING_PHASE = "waiting_for_jenkins";

    private final MongoTemplate mongo;

    public Jobs(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void register(Job job) {
        mongo.insert(job);
    }

    public Optional<Job> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Job.class));
    }

    /** Only the job's status: what a request waiting for its end polls, without reading the whole document. */
    public Optional<String> statusOf(String id) {
        Query query = Query.query(where("_id").is(id));
        query.fields().include("status");
        org.bson.Document found = mongo.findOne(query, org.bson.Document.class, mongo.getCollectionName(Job.class));
        return Optional.ofNullable(found).map(document -> document.getString("status"));
    }

    /** Removes an event from the outbox once Kafka has acknowledged it. */
    public void markPublished(String jobId, String eventId) {
        mongo.updateFirst(Query.query(where("_id").is(jobId)),
                new Update().pull("outbox", new org.bson.Document("eventId", eventId)), Job.class);
    }

    /**
     * Applies a progress event unless a later one (by attempt and sequence) was applied already; a finished job keeps
     * its status and only gains the log line.
     *
     * @return true when the job changed
     */
    public boolean applyProgress(String jobId, long order, String phase, String message, Instant at) {
        Query query = Query.query(where("_id").is(jobId).and("lastOrder").lt(order).and("status").in(JobStatus.UNFINISHED));
        Update update = new Update()
                .set("status", WAITING_PHASE.equals(phase) ? JobStatus.WAITING : JobStatus.RUNNING)
                .set("phase", phase)
                .set("lastOrder", order)
                .set("updatedAt", at)
                .push("progressLog", new Job.ProgressEntry(phase, message, at));
        if (FIRST_WORKER_PHASE.equals(phase)) {
            // the start of the latest attempt: one update, no read-modify-write
            update.set("startedAt", at);
        }
        if (mongo.updateFirst(query, update, Job.class).getModifiedCount() > 0) {
            return true;
        }
        // progress and outcome travel on different topics, so a step may arrive after the outcome: keep it in the log
        Query late = Query.query(where("_id").is(jobId).and("lastOrder").lt(order).and("status").in(JobStatus.FINISHED));
        return mongo.updateFirst(late, new Update().set("lastOrder", order)
                .push("progressLog", new Job.ProgressEntry(phase, message, at)), Job.class).getModifiedCount() > 0;
    }

    /**
     * Finishes a job unless it finished already (a redelivered outcome changes nothing), emptying its outbox.
     *
     * @return the finished job, or empty when it was already finished or does not exist
     */
    public Optional<Job> finish(String jobId, String status, @Nullable String summary, @Nullable Totals totals,
            Job.@Nullable JobError error, Instant at, List<ProgressStep> steps) {
        Query query = Query.query(where("_id").is(jobId).and("status").in(JobStatus.UNFINISHED));
        Update update = new Update()
                .set("status", status)
                .set("completedAt", at)
                .set("updatedAt", at)
                .set("summary", summary)
                .set("totals", totals)
                .set("error", error)
                .set("phase", status)
                // what is still unpublished has no use now: the request reached a worker, a cancel came too late
                .set("outbox", List.of());
        if (!steps.isEmpty()) {
            // the steps the worker held until the end: appended in the same write (lastOrder stays, so that a step
            // sent on its own and still on its way is kept when it arrives)
            update.push("progressLog").each(steps.stream()
                    .map(step -> new Job.ProgressEntry(step.phase(), step.message(), step.occurredAt())).toArray());
            steps.stream().filter(step -> FIRST_WORKER_PHASE.equals(step.phase())).reduce((first, last) -> last)
                    .ifPresent(start -> update.set("startedAt", start.occurredAt()));
        }
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Job.class));
    }

    /** Marks a cancel request and queues its event, unless the job finished. */
    public boolean requestCancel(String jobId, PendingEvent event, Instant at) {
        Query query = Query.query(where("_id").is(jobId).and("status").in(JobStatus.UNFINISHED).and("cancelRequested").is(false));
        Update update = new Update().set("cancelRequested", true).set("updatedAt", at).push("outbox", event);
        return mongo.updateFirst(query, update, Job.class).getModifiedCount() > 0;
    }

    /** Hands a stalled job to a new attempt, with the request event queued again; guarded by the attempt seen. */
    public Optional<Job> reassign(String jobId, int seenAttempt, PendingEvent request, Instant at) {
        Query query = Query.query(where("_id").is(jobId).and("attempt").is(seenAttempt).and("status").in(JobStatus.UNFINISHED));
        Update update = new Update().inc("attempt", 1).set("updatedAt", at).push("outbox", request)
                .push("progressLog", new Job.ProgressEntry("requeued", "No progress from the worker; handed to another worker", at));
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true), Job.class));
    }

    /**
     * Every job with only what the sweeper looks at (state, times, attempt, outbox, Jenkins poll interval): one pass
     * serves its gauges, its stalled-job check and its outbox check, because on the embedded store each query over
     * the jobs reads all of them. A finished job with nothing left to publish, nearly every job, comes as its state
     * alone: the sweeper only counts it, and mapping each one to a {@link Job} was most of the pass's cost. The caller
     * closes the stream.
     */
    public Stream<Glance> glanceAtAll() {
        Query query = new Query();
        // the record's primitives are read too: a document without them cannot become a Job
        query.fields().include("kind", "status", "attempt", "requestId", "createdAt", "updatedAt", "outbox",
                "requestParams.poll_interval_minutes", "lastOrder", "payloadBytes", "cancelRequested");
        query.cursorBatchSize(500);
        return mongo.stream(query, org.bson.Document.class, mongo.getCollectionName(Job.class)).map(doc -> {
            String status = doc.getString("status");
            boolean settled = status != null && JobStatus.isFinished(status)
                    && !(doc.get("outbox") instanceof List<?> outbox && !outbox.isEmpty());
            return new Glance(status, settled ? null : mongo.getConverter().read(Job.class, doc));
        });
    }

    /**
     * One job as the sweeper sees it.
     *
     * @param status its state (null only in a malformed document)
     * @param job    the job with the fields the sweeper reads; null for a finished job with an empty outbox
     */
    public record Glance(@Nullable String status, @Nullable Job job) {
    }

    /** Newest first. */
    public List<Job> list(@Nullable String status, int limit, int offset) {
        Query query = status == null ? new Query() : Query.query(where("status").is(status));
        query.with(Sort.by(Sort.Direction.DESC, "createdAt")).skip(offset).limit(limit);
        query.fields().exclude("progressLog").exclude("outbox");
        return mongo.find(query, Job.class);
    }

    public long countByStatus(String status) {
        return mongo.count(Query.query(where("status").is(status)), Job.class);
    }

    public long countReferencingPayload(String payloadId) {
        return mongo.count(Query.query(new Criteria().orOperator(where("payloadId").is(payloadId),
                where("secretsId").is(payloadId))), Job.class);
    }

    public boolean delete(String jobId) {
        return mongo.remove(Query.query(where("_id").is(jobId)), Job.class).getDeletedCount() > 0;
    }
}
