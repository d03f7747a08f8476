package dev.triage.platform.kafka;

import dev.triage.events.EventTypes;
import dev.triage.events.Topic;
import dev.triage.events.TriageEvent;
import dev.triage.events.kafka.EventJson;
import java.time.Instant;

/**
 * An event stored in the document whose change it announces (a transactional outbox inside one document), until Kafka
 * has acknowledged it. Writing the change and the event in one atomic update is what makes "save then send" safe.
 *
 * @param eventId   the event's id, to remove it from the outbox once published
 * @param topic     the topic it goes to
 * @param type      its logical type name
 * @param json      the event as JSON
 * @param createdAt when it was stored, so a sweeper can tell leftovers from events being published right now
 */
public record PendingEvent(String eventId, String topic, String type, String json, Instant createdAt) {

    public static <V extends TriageEvent> PendingEvent of(Topic<V> topic, V event) {
        return new PendingEvent(event.eventId().toString(), topic.name(), EventTypes.nameOf(event.getClass()),
                EventJson.mapper().writeValueAsString(event), Instant.now());
    }

    /** True when it has waited longer than {@code grace}: its publisher probably died. */
    public boolean isLeftover(Instant now, java.time.Duration grace) {
        return createdAt.isBefore(now.minus(grace));
    }
}
