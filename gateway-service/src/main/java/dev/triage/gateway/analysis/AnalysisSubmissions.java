package dev.triage.gateway.analysis;

import dev.triage.platform.kafka.PendingEvent;
import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobLifecycle;
import dev.triage.gateway.jobs.JobRequests;
import dev.triage.gateway.jobs.JobStatus;
import dev.triage.gateway.jobs.Jobs;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Registers analysis jobs and hands them to the workers. */
@Service
public class AnalysisSubmissions {

    private final JobLifecycle lifecycle;
    private final Jobs jobs;

    public AnalysisSubmissions(JobLifecycle lifecycle, Jobs jobs) {
        this.lifecycle = lifecycle;
        this.jobs = jobs;
    }

    public Optional<Job> find(String jobId) {
        return jobs.find(jobId);
    }

    /** A new job on the stored input of {@code original}, with new parameters; the original is kept. */
    public Job resubmit(Job original, Map<String, Object> parameters, String requestId, @Nullable PayloadRef newSecrets) {
        PayloadRef payload = original.payloadId() == null ? null : new PayloadRef(original.payloadId(),
                original.payloadContentType(), original.payloadBytes(), original.payloadSha256());
        // the original's sealed repository tokens, unless the re-analysis brought its own
        PayloadRef secrets = newSecrets != null ? newSecrets : original.secretsId() == null ? null
                : new PayloadRef(original.secretsId(), JobRequests.SEALED, 0, "");
        return submit(AnalysisKind.valueOf(original.kind().toUpperCase(Locale.ROOT)), payload, parameters, requestId,
                original.id(), secrets);
    }

    /** Registers a pending job whose request event is in its outbox, and publishes it. */
    public Job submit(AnalysisKind kind, @Nullable PayloadRef payload, Map<String, Object> parameters, String requestId,
            @Nullable String reanalysisOf, @Nullable PayloadRef secrets) {
        Instant now = Instant.now();
        String id = UUID.randomUUID().toString();
        Job draft = new Job(id, kind.name().toLowerCase(Locale.ROOT), JobStatus.PENDING, "queued",
                List.of(new Job.ProgressEntry("queued", "Waiting for a worker", now)), 0, 1, parameters,
                payload == null ? null : payload.id(), payload == null ? null : payload.contentType(),
                payload == null ? 0 : payload.sizeBytes(), payload == null ? null : payload.sha256(), requestId, now, null,
                null, now, null, null, null, List.of(), false, reanalysisOf, secrets == null ? null : secrets.id());
        Job job = withOutbox(draft, List.of(PendingEvent.of(Topics.ANALYSIS_REQUESTED, JobRequests.requestOf(draft))));
        lifecycle.register(job);
        return job;
    }

    private static Job withOutbox(Job j, List<PendingEvent> outbox) {
        return new Job(j.id(), j.kind(), j.status(), j.phase(), j.progressLog(), j.lastOrder(), j.attempt(),
                j.requestParams(), j.payloadId(), j.payloadContentType(), j.payloadBytes(), j.payloadSha256(),
                j.requestId(), j.createdAt(), j.startedAt(), j.completedAt(), j.updatedAt(), j.summary(), j.totals(),
                j.error(), outbox, j.cancelRequested(), j.reanalysisOf(), j.secretsId());
    }
}
