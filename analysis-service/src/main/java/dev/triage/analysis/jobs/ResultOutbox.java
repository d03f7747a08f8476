package dev.triage.analysis.jobs;

import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
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
 * Publishes the events stored with a result and removes each once Kafka acknowledged it; a sweeper publishes what a
 * crash left behind.
 */
@Component
class ResultOutbox {

    private static final Logger log = LoggerFactory.getLogger(ResultOutbox.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);

    private final AnalysisResults results;
    private final EventPublisher publisher;

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
                    log.warn("Events of job {} not all published yet ({}); the sweeper retries", jobId, e.getMessage());
                    return null;
                });
    }

    @Scheduled(fixedDelayString = "${triage.analysis.sweep-interval:5s}", initialDelayString = "3s")
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
