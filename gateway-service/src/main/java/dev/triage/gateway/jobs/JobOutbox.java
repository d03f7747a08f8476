package dev.triage.gateway.jobs;

import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The relay between the job registry and Kafka. An event is first written into its job's document (the outbox), then
 * published; once Kafka acknowledges it, it is removed from the outbox. A crash in between leaves it in the outbox,
 * where the sweeper finds it and publishes it again: at-least-once, which every consumer tolerates.
 */
@Component
public class JobOutbox {

    private static final Logger log = LoggerFactory.getLogger(JobOutbox.class);

    private final Jobs jobs;
    private final EventPublisher publisher;

    public JobOutbox(Jobs jobs, EventPublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
    }

    /** Publishes every pending event of the job; completes when all are acknowledged and removed from the outbox. */
    public CompletableFuture<Void> publishPending(Job job) {
        CompletableFuture<?>[] sends = job.outbox().stream().map(pending -> publish(job.id(), pending))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends);
    }

    private CompletableFuture<Void> publish(String jobId, PendingEvent pending) {
        return publisher.publish(pending).thenAccept(result -> jobs.markPublished(jobId, pending.eventId()))
                .exceptionally(e -> {
                    log.warn("Event {} of job {} not published yet ({}); the sweeper retries", pending.eventId(), jobId,
                            e.getMessage());
                    return null;
                });
    }
}
