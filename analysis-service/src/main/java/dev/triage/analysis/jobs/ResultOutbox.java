package dev.triage.analysis.jobs;

import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.platform.kafka.UnsettledOutboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes the events stored with a result and removes each once Kafka acknowledged it. A publish or removal that
 * fails here is retried by the job's key every {@code retry-interval}; what a crash left behind is found by the sweep,
 * which reads every result with an outbox (a scan on the embedded store, whose cost grows with the stored results), so
 * it runs at start-up and then every {@code sweep-interval} (10 minutes). A crashed worker's job is also taken over
 * after its lease, and the new holder publishes the stored events.
 */
@Component
class ResultOutbox {

    private static final Logger log = LoggerFactory.getLogger(ResultOutbox.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final AnalysisResults results;
    private final EventPublisher publisher;
    /** Jobs whose events this instance failed to publish or to remove after publishing. */
    private final UnsettledOutboxes<String> unsettled = new UnsettledOutboxes<>();

    ResultOutbox(AnalysisResults results, EventPublisher publisher) {
        this.results = results;
        this.publisher = publisher;
    }

    /** Publishes the job's pending events as stored and, once Kafka acknowledged all of them, removes them in one write. */
    CompletableFuture<Void> publish(String jobId) {
        return publish(jobId, results.outboxOf(jobId));
    }

    /** Publishes events just stored with the job's result, without reading them back. */
    CompletableFuture<Void> publish(String jobId, List<PendingEvent> pending) {
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(pending.stream().map(publisher::publish).toArray(CompletableFuture[]::new))
                .thenAccept(r -> results.markPublished(jobId, pending.stream().map(PendingEvent::eventId).toList()))
                .exceptionally(e -> {
                    log.warn("Events of job {} not all published yet ({}); retried shortly", jobId, e.getMessage());
                    unsettled.add(jobId);
                    return null;
                });
    }

    /** Sends again what failed here: one key lookup per job, never a scan. */
    @Scheduled(fixedDelayString = "${triage.analysis.retry-interval:5s}", initialDelayString = "5s")
    void retryUnsettled() {
        unsettled.retry(results::outboxOf, this::publish, LEFTOVER_GRACE);
    }

    /** Remembers a job whose events this instance could not settle. */
    void markUnsettled(String jobId) {
        unsettled.add(jobId);
    }

    @Scheduled(fixedDelayString = "${triage.analysis.sweep-interval:10m}", initialDelayString = "3s")
    void sweep() {
        try {
            Instant now = Instant.now();
            for (Document result : results.withPendingEvents(200)) {
                if (AnalysisResults.outboxOf(result).stream().anyMatch(e -> e.isLeftover(now, LEFTOVER_GRACE))) {
                    publish(result.getString("_id"));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Result outbox sweep failed, next one retries: {}", e.toString());
        }
    }
}
