package dev.triage.gateway.jobs;

import dev.triage.platform.kafka.PendingEvent;
import dev.triage.events.Topics;
import dev.triage.gateway.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes sure no job is lost or left unfinished: publishes outbox events a crash left behind, hands jobs whose worker
 * went silent to another worker (up to the attempt limit, then fails them with {@code worker_lost}), and refreshes
 * the job gauges. Safe to run on every gateway replica at once: each change is guarded by the state it read.
 */
@Component
class JobSweeper {

    private static final Logger log = LoggerFactory.getLogger(JobSweeper.class);
    private static final Duration OUTBOX_GRACE = Duration.ofSeconds(2);
    private static final int BATCH = 500;

    private final Jobs jobs;
    private final JobOutbox outbox;
    private final JobLifecycle lifecycle;
    private final JobMetrics metrics;
    private final GatewayProperties.Analysis settings;
    private final GatewayProperties.Jenkins jenkins;

    JobSweeper(Jobs jobs, JobOutbox outbox, JobLifecycle lifecycle, JobMetrics metrics, GatewayProperties properties) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.settings = properties.analysis();
        this.jenkins = properties.jenkins();
    }

    @Scheduled(fixedDelayString = "${triage.gateway.analysis.sweep-interval:5s}", initialDelayString = "2s")
    void sweep() {
        try {
            republishLeftovers(Instant.now());
            // one read of the unfinished jobs serves both steps: it is a scan on the embedded store
            List<Job> unfinished = jobs.unfinished(BATCH);
            handOutStalledJobs(unfinished, Instant.now());
            refreshGauges(unfinished);
        } catch (RuntimeException e) {
            log.warn("Job sweep failed, next one retries: {}", e.toString());
        }
    }

    void republishLeftovers(Instant now) {
        for (Job job : jobs.withPendingEvents(BATCH)) {
            boolean stale = job.outbox().stream().anyMatch(e -> e.isLeftover(now, OUTBOX_GRACE));
            if (stale) {
                log.info("Publishing {} leftover event(s) of job {}", job.outbox().size(), job.id());
                outbox.publishPending(job);
            }
        }
    }

    void handOutStalledJobs(List<Job> unfinished, Instant now) {
        for (Job job : unfinished) {
            if (!job.updatedAt().isBefore(now.minus(quietFor(job))) || !job.outbox().isEmpty()) {
                continue;
            }
            if (job.attempt() >= settings.maxAttempts()) {
                log.warn("Job {} made no progress in {} attempts; failing it", job.id(), job.attempt());
                lifecycle.abandon(job.id(), "worker_lost",
                        "No worker finished this job after " + job.attempt() + " attempts", now);
                continue;
            }
            var request = PendingEvent.of(Topics.ANALYSIS_REQUESTED, JobRequests.requestOf(job));
            jobs.reassign(job.id(), job.attempt(), request, now).ifPresent(reassigned -> {
                log.warn("Job {} made no progress for {}; handing it out again (attempt {})", job.id(),
                        settings.leaseTimeout(), reassigned.attempt());
                outbox.publishPending(reassigned);
            });
        }
    }

    void refreshGauges(List<Job> unfinished) {
        Instant now = Instant.now();
        for (String state : JobStatus.ALL) {
            metrics.countState(state, jobs.countByStatus(state));
        }
        for (String state : JobStatus.UNFINISHED) {
            metrics.countStuck(state, unfinished.stream()
                    .filter(j -> j.status().equals(state) && j.updatedAt().isBefore(now.minus(quietFor(j)))).count());
        }
    }

    /**
     * How long a job may go without news before it counts as stalled. A job waiting for a running Jenkins build hears
     * from its worker once per poll, so it gets its poll interval on top of the lease.
     */
    Duration quietFor(Job job) {
        if (!JobStatus.WAITING.equals(job.status())) {
            return settings.leaseTimeout();
        }
        Object minutes = job.requestParams().get("poll_interval_minutes");
        int poll = minutes instanceof Number n ? n.intValue() : jenkins.pollIntervalMinutes();
        return settings.leaseTimeout().plus(Duration.ofMinutes(Math.max(1, poll)));
    }
}
