package dev.triage.analysis.jobs;

import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.jobs.JobCancelRequested;
import dev.triage.platform.kafka.ConsumerMetrics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Takes analysis requests and cancel requests off Kafka; the work is in {@link AnalyzingJobs}. */
@Component
class AnalysisRequestListener {

    private final AnalyzingJobs jobs;
    private final ConsumerMetrics metrics;

    AnalysisRequestListener(AnalyzingJobs jobs, ConsumerMetrics metrics) {
        this.jobs = jobs;
        this.metrics = metrics;
    }

    @KafkaListener(id = "analysis-requests", topics = "triage.analysis.requested",
            concurrency = "${triage.analysis.worker-concurrency:2}")
    void on(AnalysisRequested request) {
        if (jobs.analyze(request)) {
            metrics.consumed("analysis-requests", "analysis.requested");
        } else {
            metrics.duplicateSkipped("analysis-requests");
        }
    }

    /** Idempotent: marking a job cancelled twice is the same as once. */
    @KafkaListener(id = "analysis-cancels", topics = "triage.jobs.cancel-requested")
    void on(JobCancelRequested request) {
        jobs.cancel(request.jobId());
        metrics.consumed("analysis-cancels", "jobs.cancel-requested");
    }
}
