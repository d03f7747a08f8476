package dev.triage.gateway.jobs;

import dev.triage.events.Topics;
import dev.triage.gateway.GatewayProperties;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The relay between the job registry and Kafka. An event is first written into its job's document (the outbox), then
 * published; once Kafka acknowledges it, it leaves the outbox. A crash in between leaves it in the outbox, where the
 * sweeper finds it and publishes it again: at-least-once, which every consumer tolerates.
 *
 * <p>A job's request event leaves the outbox when the job finishes (the write that finishes it empties the outbox) or,
 * for a job still unfinished {@code triage.gateway.analysis.request-settle} (1 s) after the acknowledgement, with a
 * write of its own. Most jobs finish within that time, so they cost one write fewer; the delay stays below the
 * sweeper's grace, so the sweeper does not send an acknowledged request again. Other events leave the outbox as soon
 * as they are acknowledged.
 */
@Component
public class JobOutbox {

    private static final Logger log = LoggerFactory.getLogger(JobOutbox.class);

    private final Jobs jobs;
    private final EventPublisher publisher;
    private final Duration requestSettle;
    /** Acknowledged request events waiting for their job to finish, by job id. */
    private final Map<String, Settling> settling = new ConcurrentHashMap<>();
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("job-outbox-settler").daemon().factory());

    public JobOutbox(Jobs jobs, EventPublisher publisher, GatewayProperties properties) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.requestSettle = properties.analysis().requestSettle();
    }

    /** Publishes every pending event of the job; completes when all are acknowledged. */
    public CompletableFuture<Void> publishPending(Job job) {
        CompletableFuture<?>[] sends = job.outbox().stream().map(pending -> publish(job.id(), pending))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends);
    }

    /** The job finished and its outbox was emptied with it: its acknowledged request needs no write of its own. */
    void finished(String jobId) {
        Settling pending = settling.remove(jobId);
        if (pending != null) {
            pending.cancel();
        }
    }

    /** Publishes one event already in the job's outbox; completes when it is acknowledged. */
    CompletableFuture<Void> publish(String jobId, PendingEvent pending) {
        return publisher.publish(pending).thenAccept(result -> acknowledged(jobId, pending))
                .exceptionally(e -> {
                    log.warn("Event {} of job {} not published yet ({}); the sweeper retries", pending.eventId(), jobId,
                            e.getMessage());
                    return null;
                });
    }

    private void acknowledged(String jobId, PendingEvent pending) {
        if (!Topics.ANALYSIS_REQUESTED.name().equals(pending.topic())) {
            // off the producer's network thread, which every send of the service shares
            settler.execute(() -> markPublished(jobId, pending.eventId()));
            return;
        }
        Settling entry = new Settling(pending.eventId());
        Settling previous = settling.put(jobId, entry);
        if (previous != null) {
            // a request sent again (a reassigned job): each settles its own event
            previous.cancel();
            settler.execute(() -> markPublished(jobId, previous.eventId));
        }
        entry.task = settler.schedule(() -> {
            if (settling.remove(jobId, entry)) {
                markPublished(jobId, entry.eventId);
            }
        }, requestSettle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void markPublished(String jobId, String eventId) {
        try {
            jobs.markPublished(jobId, eventId);
        } catch (RuntimeException e) {
            log.warn("Event {} of job {} stays in the outbox ({}); the sweeper sends it again", eventId, jobId,
                    e.toString());
        }
    }

    /** On shutdown, the acknowledged requests of unfinished jobs leave the outbox now rather than be sent again. */
    @PreDestroy
    void settleNow() {
        settler.shutdownNow();
        settling.forEach((jobId, pending) -> markPublished(jobId, pending.eventId));
        settling.clear();
    }

    /** An acknowledged request event and the write that removes it unless its job finishes first. */
    private static final class Settling {
        private final String eventId;
        private volatile ScheduledFuture<?> task;

        Settling(String eventId) {
            this.eventId = eventId;
        }

        void cancel() {
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
