package dev.triage.gateway.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A request that no worker could process (unreadable, or failing after every retry) lands in the dead-letter topic;
 * its job is failed here with the reason, so it is never left pending. The record key is the job id.
 */
@Component
class DeadLetterListener {

    static final String EXCEPTION_MESSAGE_HEADER = "kafka_dlt-exception-message";

    private final JobLifecycle lifecycle;

    DeadLetterListener(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @KafkaListener(id = "gateway-dead-letters", topics = "triage.analysis.requested.dlt",
            properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
    void on(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        Header reason = record.headers().lastHeader(EXCEPTION_MESSAGE_HEADER);
        String why = reason == null ? "unknown" : new String(reason.value(), StandardCharsets.UTF_8);
        lifecycle.abandon(record.key(), "poison_message",
                "The analysis request could not be processed and was set aside: " + shorten(why), Instant.now());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
