package dev.triage.gateway.jobs;

import dev.triage.events.analysis.Totals;
import dev.triage.platform.kafka.PendingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One analysis job in the registry.
 *
 * @param id             the job id
 * @param kind           {@code failures}, {@code raw_xml} or {@code jenkins}
 * @param status         see {@link JobStatus}
 * @param phase          the phase the worker reported last
 * @param progressLog    phases with their times, oldest first (bounded)
 * @param lastOrder      attempt and sequence of the last progress applied; older events are ignored
 * @param attempt        how often the job was handed to a worker
 * @param requestParams  the request as stored, secrets removed
 * @param payloadId      the claim check of the input in the payload store
 * @param requestId      the request id of the call that created the job
 * @param outbox         events written with the job and not yet acknowledged by Kafka
 * @param reanalysisOf   the job this one re-analyses, if any
 * @param secretsId      the request's repository tokens, sealed in the payload store (never in clear), if any
 */
@Document("jobs")
public record Job(
        @Id String id,
        String kind,
        String status,
        @Nullable String phase,
        List<ProgressEntry> progressLog,
        long lastOrder,
        int attempt,
        Map<String, Object> requestParams,
        @Nullable String payloadId,
        @Nullable String payloadContentType,
        long payloadBytes,
        @Nullable String payloadSha256,
        String requestId,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant completedAt,
        Instant updatedAt,
        @Nullable String summary,
        @Nullable Totals totals,
        @Nullable JobError error,
        List<PendingEvent> outbox,
        boolean cancelRequested,
        @Nullable String reanalysisOf,
        @Nullable String secretsId) {

    public Job {
        progressLog = progressLog == null ? List.of() : progressLog;
        outbox = outbox == null ? List.of() : outbox;
        requestParams = requestParams == null ? Map.of() : requestParams;
    }

    /** One line of the progress log. */
    public record ProgressEntry(String phase, String message, Instant timestamp) {
    }

    /** Why a job failed: a stable code and a sentence. */
    public record JobError(String code, String message) {
    }

    public boolean isFinished() {
        return JobStatus.isFinished(status);
    }
}
