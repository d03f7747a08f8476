package dev.triage.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters every consumer reports: duplicates it skipped and records it handled, by consumer and event type. */
public class ConsumerMetrics {

    private final MeterRegistry registry;

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A redelivered or replayed record was recognised and skipped; normal under at-least-once delivery. */
    public void duplicateSkipped(String consumer) {
        Counter.builder("triage.kafka.duplicates.skipped")
                .description("Records recognised as already applied and skipped")
                .tag("consumer", consumer)
                .register(registry)
                .increment();
    }

    /** A record was applied. */
    public void consumed(String consumer, String eventType) {
        Counter.builder("triage.kafka.events.consumed")
                .description("Events applied by a consumer")
                .tag("consumer", consumer)
                .tag("type", eventType)
                .register(registry)
                .increment();
    }
}
