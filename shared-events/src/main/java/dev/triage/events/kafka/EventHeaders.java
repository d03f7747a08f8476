package dev.triage.events.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** The Kafka headers every Triage record carries. */
public final class EventHeaders {

    /** Logical event type name, e.g. {@code analysis.requested}. */
    public static final String TYPE = "triage-event-type";
    /** Schema version of the value. */
    public static final String SCHEMA_VERSION = "triage-schema-version";
    /** Request id of the call that caused the event. */
    public static final String REQUEST_ID = "triage-request-id";

    private EventHeaders() {
    }

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The last value of a header as text, or null when absent. */
    public static String get(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
