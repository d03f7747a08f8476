package dev.triage.events.kafka;

import dev.triage.events.EventTypes;
import dev.triage.events.TriageEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JacksonException;

/**
 * Reads an event by the logical type name in its header. A record without a known type is an error (wrapped by
 * Spring's {@code ErrorHandlingDeserializer} and sent to the dead-letter topic), never guessed from the payload.
 */
public class TriageEventDeserializer implements Deserializer<TriageEvent> {

    @Override
    public TriageEvent deserialize(String topic, byte[] data) {
        throw new SerializationException("events need their type header; record on " + topic + " has no headers");
    }

    @Override
    public TriageEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        String typeName = EventHeaders.get(headers, EventHeaders.TYPE);
        if (typeName == null) {
            throw new SerializationException("record on " + topic + " has no " + EventHeaders.TYPE + " header");
        }
        Class<? extends TriageEvent> type = EventTypes.classOf(typeName)
                .orElseThrow(() -> new SerializationException("unknown event type '" + typeName + "' on " + topic));
        try {
            return EventJson.mapper().readValue(data, type);
        } catch (JacksonException e) {
            throw new SerializationException("malformed " + typeName + " on " + topic + ": " + e.getOriginalMessage(), e);
        }
    }
}
