package dev.triage.events.kafka;

import dev.triage.events.EventTypes;
import dev.triage.events.TriageEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** Writes an event as JSON and its logical type, schema version and request id as headers. */
public class TriageEventSerializer implements Serializer<TriageEvent> {

    /** Events above this size are refused: large data goes by reference (claim check) or in numbered batches. */
    public static final int MAX_EVENT_BYTES = 512 * 1024;

    @Override
    public byte[] serialize(String topic, TriageEvent event) {
        return toJson(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, TriageEvent event) {
        if (event != null) {
            EventHeaders.put(headers, EventHeaders.TYPE, EventTypes.nameOf(event.getClass()));
            EventHeaders.put(headers, EventHeaders.SCHEMA_VERSION, Integer.toString(event.schemaVersion()));
            EventHeaders.put(headers, EventHeaders.REQUEST_ID, event.requestId());
        }
        return toJson(event);
    }

    private static byte[] toJson(TriageEvent event) {
        if (event == null) {
            return null;
        }
        try {
            byte[] json = EventJson.mapper().writeValueAsBytes(event);
            if (json.length > MAX_EVENT_BYTES) {
                throw new SerializationException("event " + EventTypes.nameOf(event.getClass()) + " is " + json.length
                        + " bytes; the limit is " + MAX_EVENT_BYTES + " (send large data by reference)");
            }
            return json;
        } catch (JacksonException e) {
            throw new SerializationException("cannot write event " + event.getClass().getSimpleName(), e);
        }
    }
}
