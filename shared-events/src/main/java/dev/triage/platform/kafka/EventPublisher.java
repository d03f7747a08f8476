package dev.triage.platform.kafka;

import dev.triage.events.EventTypes;
import dev.triage.events.Topic;
import dev.triage.events.Topics;
import dev.triage.events.TriageEvent;
import dev.triage.events.kafka.EventJson;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Publishes events to their declared topic, keyed by their subject id so each subject's events stay in order. */
public class EventPublisher {

    private final KafkaTemplate<String, TriageEvent> template;

    public EventPublisher(KafkaTemplate<String, TriageEvent> template) {
        this.template = template;
    }

    /** Sends the event; the future completes when the broker has acknowledged it (acks=all). */
    public <V extends TriageEvent> CompletableFuture<SendResult<String, TriageEvent>> publish(Topic<V> topic, V event) {
        if (!topic.valueType().isInstance(event)) {
            throw new IllegalArgumentException(event.getClass().getSimpleName() + " does not belong on " + topic.name());
        }
        return template.send(topic.name(), event.subjectId(), event);
    }

    /** Publishes an event taken from an outbox. */
    public CompletableFuture<SendResult<String, TriageEvent>> publish(PendingEvent pending) {
        TriageEvent event = EventJson.mapper().readValue(pending.json(), EventTypes.classOf(pending.type())
                .orElseThrow(() -> new IllegalStateException("unknown event type in outbox: " + pending.type())));
        Topic<?> topic = Topics.all().stream().filter(t -> t.name().equals(pending.topic())).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown topic in outbox: " + pending.topic()));
        if (!topic.valueType().isInstance(event)) {
            throw new IllegalStateException(pending.type() + " does not belong on " + topic.name());
        }
        return template.send(topic.name(), event.subjectId(), event);
    }
}
