package dev.triage.events.analysis;

import dev.triage.events.TriageEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job was registered by the gateway and waits for a worker.
 *
 * @param jobId      the job, also the subject id
 * @param kind       what is analysed
 * @param payload    the stored input; for Jenkins, which the worker fetches itself, the request's sealed
 *                   credentials (null without any)
 * @param parameters the request's analysis options, secrets removed (secrets go by reference to the encrypted store)
 * @param secrets    the request's repository tokens ({@code tests_repo_token}, {@code additional_repos[].token}), sealed
 *                   in the payload store; null without any, and in version 1 events (added in version 2)
 */
public record AnalysisRequested(
        UUID eventId, Instant occurredAt, String requestId, int schemaVersion,
        String jobId, AnalysisKind kind, PayloadRef payload, Map<String, Object> parameters, PayloadRef secrets)
        implements TriageEvent {

    public static final int SCHEMA_VERSION = 2;

    public AnalysisRequested {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static AnalysisRequested of(String requestId, String jobId, AnalysisKind kind, PayloadRef payload,
            Map<String, Object> parameters) {
        return of(requestId, jobId, kind, payload, parameters, null);
    }

    public static AnalysisRequested of(String requestId, String jobId, AnalysisKind kind, PayloadRef payload,
            Map<String, Object> parameters, PayloadRef secrets) {
        return new AnalysisRequested(UUID.randomUUID(), Instant.now(), requestId, SCHEMA_VERSION, jobId, kind, payload,
                parameters, secrets);
    }

    @Override
    public String subjectId() {
        return jobId;
    }
}
