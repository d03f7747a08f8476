package dev.triage.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every event carries. The subject id is the Kafka key, so all events of one subject (a job, a test) stay
 * in order on one partition.
 */
public interface TriageEvent {

    /** Unique per event; consumers deduplicate on it where a natural key is not enough. */
    UUID eventId();

    /** When the fact happened, not when it was sent. */
    Instant occurredAt();

    /** The request id of the HTTP call that caused this, so logs of every service can be joined. */
    String requestId();

    /** Version of this event type's schema; readers accept every version up to the one they know. */
    int schemaVersion();

    /** The id of what this event is about; the Kafka record key. */
    String subjectId();
}
