package dev.triage.gateway.jobs;

import dev.triage.platform.kafka.PendingEvent;
import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.jobs.JobCancelRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Every change of a job's state goes through here: the registry write, its metrics and waking the waiters. */
@Service
public class JobLifecycle {

    /** The failure code a worker reports for a cancelled job. */
    public static final String CANCELLED_CODE = "cancelled";

    private final Jobs jobs;
    private final JobOutbox outbox;
    private final JobWaiters waiters;
    private final JobMetrics metrics;

    public JobLifecycle(Jobs jobs, JobOutbox outbox, JobWaiters waiters, JobMetrics metrics) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.waiters = waiters;
        this.metrics = metrics;
    }

    /** Registers a new job with its request event in the outbox, then publishes it. */
    public CompletableFuture<Void> register(Job job) {
        jobs.register(job);
        metrics.transitioned(JobStatus.PENDING);
        return outbox.publishPending(job);
    }

    boolean progressed(String jobId, long order, String phase, String message, Instant at) {
        boolean applied = jobs.applyProgress(jobId, order, phase, message, at);
        if (applied) {
            waiters.signal(jobId);
        }
        return applied;
    }

    boolean completed(AnalysisCompleted event, Instant at) {
        return finished(jobs.finish(event.jobId(), JobStatus.COMPLETED, event.summary(), event.totals(), null, at,
                event.steps()), JobStatus.COMPLETED, at, event.result());
    }

    boolean failed(AnalysisFailed event, Instant at) {
        String status = CANCELLED_CODE.equals(event.code()) ? JobStatus.CANCELLED : JobStatus.FAILED;
        return finished(jobs.finish(event.jobId(), status, event.message(), null,
                new Job.JobError(event.code(), event.message()), at, event.steps()), status, at, null);
    }

    /** Fails a job on the gateway's own authority (e.g. no worker ever finished it). */
    public boolean abandon(String jobId, String code, String message, Instant at) {
        return finished(jobs.finish(jobId, JobStatus.FAILED, message, null, new Job.JobError(code, message), at,
                List.of()), JobStatus.FAILED, at, null);
    }

    private boolean finished(Optional<Job> done, String status, Instant at, @Nullable String result) {
        done.ifPresent(job -> {
            outbox.finished(job.id());
            metrics.transitioned(status);
            metrics.finished(status, Duration.between(job.createdAt(), at));
            waiters.finished(job, result);
        });
        return done.isPresent();
    }

    /**
     * Asks the worker to stop the job at its next phase boundary.
     *
     * @return false when the job had already finished (or a cancel was already requested)
     */
    public boolean requestCancel(Job job, String requestId, String requestedBy) {
        var event = PendingEvent.of(Topics.JOBS_CANCEL_REQUESTED, JobCancelRequested.of(requestId, job.id(), requestedBy));
        boolean accepted = jobs.requestCancel(job.id(), event, Instant.now());
        if (accepted) {
            // the cancel alone: the request may still be in the outbox, acknowledged, until it settles
            outbox.publish(job.id(), event);
        }
        return accepted;
    }
}
