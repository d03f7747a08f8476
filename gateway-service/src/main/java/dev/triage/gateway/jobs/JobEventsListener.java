package dev.triage.gateway.jobs;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.platform.kafka.ConsumerMetrics;
import java.time.Instant;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the registry in step with the workers. Idempotent by guards in each update: a progress event applies only if
 * its (attempt, sequence) is newer than the last applied, an outcome only while the job is unfinished.
 */
@Component
@KafkaListener(id = "gateway-job-events", topics = {"triage.analysis.progressed", "triage.analysis.completed"},
        concurrency = "${triage.gateway.listener-concurrency:2}")
class JobEventsListener {

    private static final String CONSUMER = "gateway-job-events";

    private final JobLifecycle lifecycle;
    private final ConsumerMetrics metrics;

    JobEventsListener(JobLifecycle lifecycle, ConsumerMetrics metrics) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
    }

    @KafkaHandler
    void on(AnalysisProgressed event) {
        long order = event.attempt() * 1_000_000L + event.sequence();
        count(lifecycle.progressed(event.jobId(), order, event.phase(), event.message(), event.occurredAt()),
                "analysis.progressed");
    }

    @KafkaHandler
    void on(AnalysisCompleted event) {
        count(lifecycle.completed(event, Instant.now()), "analysis.completed");
    }

    @KafkaHandler
    void on(AnalysisFailed event) {
        count(lifecycle.failed(event, Instant.now()), "analysis.failed");
    }

    private void count(boolean applied, String type) {
        if (applied) {
            metrics.consumed(CONSUMER, type);
        } else {
            metrics.duplicateSkipped(CONSUMER);
        }
    }
}
