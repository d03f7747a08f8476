package dev.triage.analysis.ai;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.analysis.AnalysisProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The global cap on AI calls in flight: a semaphore in the store that every worker of every instance shares. There is
 * one document per slot ({@code _id} 0..cap-1); a call takes a free slot with one atomic update (a slot is free when
 * nobody holds it or its holder's lease ran out, so a worker that dies mid-call frees its slot when the lease ends) and
 * gives it back when done. The lease is the call's timeout plus a margin, so a live call never loses its slot.
 * Lowering the cap takes effect at once: slots at or above it are never handed out.
 */
@Component
class AiSlots {

    static final String COLLECTION = "ai_slots";
    /** Between attempts to find a free slot; short, because a call takes seconds to minutes. */
    static final Duration POLL = Duration.ofMillis(100);

    private final MongoTemplate mongo;
    private final int cap;

    AiSlots(MongoTemplate mongo, AnalysisProperties properties, MeterRegistry registry) {
        this.mongo = mongo;
        this.cap = Math.max(1, properties.ai().maxConcurrentCalls());
        Gauge.builder("triage.ai.slots.busy", this, AiSlots::busyOrZero)
                .description("AI calls in flight across all workers (held slots of the global cap)").register(registry);
        Gauge.builder("triage.ai.slots.capacity", this, s -> s.cap)
                .description("The global cap on AI calls in flight").register(registry);
    }

    private double busyOrZero() {
        try {
            return busy();
        } catch (RuntimeException storeDown) {
            return Double.NaN;
        }
    }

    int cap() {
        return cap;
    }

    /** A held slot; closing gives it back. */
    record Slot(int id, String holder, AiSlots slots) implements AutoCloseable {
        @Override
        public void close() {
            slots.release(this);
        }
    }

    /**
     * Waits for a free slot.
     *
     * @param lease how long the slot stays held if the holder never gives it back
     * @param wait  how long to wait for one
     * @throws AiCallFailed ({@code no_slot}) when none came free in time
     * @throws InterruptedException when the waiting thread is interrupted (the job was cancelled)
     */
    Slot acquire(Duration lease, Duration wait) throws InterruptedException {
        String holder = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            Optional<Slot> slot = tryAcquire(holder, lease);
            if (slot.isPresent()) {
                return slot.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AiCallFailed("no_slot", "No AI call slot came free within " + wait.toSeconds() + " s", false);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    Optional<Slot> tryAcquire(String holder, Duration lease) {
        ensureSlots();
        Instant now = Instant.now();
        Criteria free = new Criteria().orOperator(where("holder").is(null), where("leaseUntil").lt(Date.from(now)));
        Query query = Query.query(where("_id").lt(cap)).addCriteria(free);
        Document taken = mongo.findAndModify(query,
                new Update().set("holder", holder).set("leaseUntil", Date.from(now.plus(lease))).set("since", Date.from(now)),
                FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION);
        return taken == null ? Optional.empty() : Optional.of(new Slot(taken.getInteger("_id"), holder, this));
    }

    void release(Slot slot) {
        // a cancelled call releases from a thread that is interrupted, or about to be: the driver would refuse to talk to
        // the store, or give up halfway, and leave the slot held until its lease ran out. The update runs on a thread of
        // its own, and join() waits for it whatever the interrupts; the caller keeps its interrupt.
        CompletableFuture.runAsync(() -> mongo.updateFirst(
                Query.query(where("_id").is(slot.id()).and("holder").is(slot.holder())),
                new Update().set("holder", null).set("leaseUntil", null), COLLECTION), r -> Thread.ofVirtual().start(r))
                .join();
    }

    /** Slots held now (live leases), for tests and gauges. */
    long busy() {
        return mongo.count(Query.query(where("_id").lt(cap).and("leaseUntil").gt(Date.from(Instant.now()))), COLLECTION);
    }

    private volatile boolean created;

    private void ensureSlots() {
        if (created) {
            return;
        }
        for (int id = 0; id < cap; id++) {
            try {
                mongo.insert(new Document("_id", id).append("holder", null).append("leaseUntil", null), COLLECTION);
            } catch (DuplicateKeyException e) {
                // another worker created it first
            }
        }
        created = true;
    }
}
