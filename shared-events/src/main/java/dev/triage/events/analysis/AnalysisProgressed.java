package dev.triage.events.analysis;

import dev.triage.events.TriageEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A worker moved a job to a new phase.
 *
 * @param jobId    the job, also the subject id
 * @param sequence increases with every event of one job and one attempt; readers drop a sequence they have seen
 * @param attempt  which delivery of the request this worker is on (a job retaken after a crash has a higher attempt)
 * @param phase    the phase entered, e.g. {@code analyzing}, {@code grouping}, {@code saving}
 * @param message  a line for the progress log people read
 */
public record AnalysisProgressed(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, long sequence, int attempt, String phase, String message) implements TriageEvent {

    public static final int SCHEMA_VERSION = 1;

    public static AnalysisProgressed of(String requestId, String jobId, long sequence, int attempt, String phase,
            String message) {
        return new AnalysisProgressed(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, sequence,
                attempt, phase, message);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
