package dev.triage.history.jobs;

import dev.triage.events.EventTypes;
import dev.triage.events.analysis.AnalysisOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.platform.kafka.ConsumerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Takes outcome batches and job outcomes off Kafka; the work is in {@link RecordingOutcomes}. */
@Component
class OutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    private final RecordingOutcomes recording;
    private final ConsumerMetrics metrics;

    OutcomeListener(RecordingOutcomes recording, ConsumerMetrics metrics) {
        this.recording = recording;
        this.metrics = metrics;
    }

    @KafkaListener(id = "history-outcomes", topics = "triage.analysis.test-outcomes",
            concurrency = "${triage.history.projection-concurrency:2}")
    void on(TestOutcomesRecorded batch) {
        if (recording.record(batch)) {
            metrics.consumed("history-outcomes", "analysis.test-outcomes-recorded");
        } else {
            log.debug("Batch {} of job {} was recorded before", batch.batch(), batch.jobId());
            metrics.duplicateSkipped("history-outcomes");
        }
    }

    /** Idempotent: the job's end state is set, not accumulated. */
    @KafkaListener(id = "history-completions", topics = "triage.analysis.completed")
    void on(AnalysisOutcome outcome) {
        recording.record(outcome);
        metrics.consumed("history-completions", EventTypes.nameOf(outcome.getClass()));
    }
}
