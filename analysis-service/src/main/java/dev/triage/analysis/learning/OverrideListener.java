package dev.triage.analysis.learning;

import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.HistoryEvent;
import dev.triage.platform.kafka.ConsumerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Takes classification overrides off {@code triage.history.events} (other history events are not for this service);
 * the work is in {@link Learning}. Idempotent: a verdict is stored with the override's time and only a newer one
 * replaces it (a guard in the update filter), so a redelivered event changes nothing. Poison goes to the dead-letter
 * topic through the platform's error handler.
 */
@Component
class OverrideListener {

    static final String CONSUMER = "analysis-learning";
    private static final Logger log = LoggerFactory.getLogger(OverrideListener.class);

    private final Learning learning;
    private final ConsumerMetrics metrics;

    OverrideListener(Learning learning, ConsumerMetrics metrics) {
        this.learning = learning;
        this.metrics = metrics;
    }

    @KafkaListener(id = CONSUMER, topics = "triage.history.events")
    void on(HistoryEvent event) {
        if (!(event instanceof ClassificationOverridden override)) {
            return;
        }
        if (learning.apply(override)) {
            metrics.consumed(CONSUMER, "history.classification-overridden");
        } else {
            log.debug("Override {} changed nothing (duplicate, older than the stored verdict, or unknown failure)",
                    override.eventId());
            metrics.duplicateSkipped(CONSUMER);
        }
    }
}
