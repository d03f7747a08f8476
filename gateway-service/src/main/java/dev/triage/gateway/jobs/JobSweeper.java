package dev.triage.gateway.jobs;

import dev.triage.platform.kafka.PendingEvent;
import dev.triage.events.Topics;
import dev.triage.gateway.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
            Instant now = Instant.now();
            Map<String, Long> byState = new HashMap<>();
            List<Job> unfinished = new ArrayList<>();
            List<String> leftovers = new ArrayList<>();
            // one pass over the jobs, each read with only the fields looked at here: the embedded store scans the
            // whole collection for any query that is not by id, so this is one scan per sweep instead of one per step
            try (Stream<Jobs.Glance> all = jobs.glanceAtAll()) {
                all.forEach(glance -> {
                    byState.merge(glance.status(), 1L, Long::sum);
                    Job job = glance.job();
                    if (job == null) {
                        return;
                    }
                    if (!job.isFinished() && unfinished.size() < BATCH) {
                        unfinished.add(job);
                    }
                    if (leftovers.size() < BATCH && job.outbox().stream().anyMatch(e -> e.isLeftover(now, OUTBOX_GRACE))) {
                        leftovers.add(job.id());
                    }
                });
            }
            republishLeftovers(leftovers);
            handOutStalledJobs(unfinished, Instant.now());
            refreshGauges(byState, unfinished);
        } catch (RuntimeException e) {
            log.warn("Job sweep failed, next one retries: {}", e.toString());
        }
    }

    private void republishLeftovers(List<String> jobIds) {
        for (String id : jobIds) {
            jobs.find(id).filter(job -> !job.outbox().isEmpty()).ifPresent(job -> {
                log.info("Publishing {} leftover event(s) of job {}", job.outbox().size(), job.id());
                outbox.publishPending(job);
            });
        }
    }

    /** Hands out again the jobs among {@code unfinished} that went quiet; each is read whole only when it did. */
    void handOutStalledJobs(List<Job> unfinished, Instant now) {
        for (Job seen : unfinished) {
            if (!seen.updatedAt().isBefore(now.minus(quietFor(seen))) || !seen.outbox().isEmpty()) {
                continue;
            }
            if (seen.attempt() >= settings.maxAttempts()) {
                log.warn("Job {} made no progress in {} attempts; failing it", seen.id(), seen.attempt());
                lifecycle.abandon(seen.id(), "worker_lost",
                        "No worker finished this job after " + seen.attempt() + " attempts", now);
                continue;
            }
            jobs.find(seen.id()).filter(job -> !job.isFinished()).ifPresent(job -> {
                var request = PendingEvent.of(Topics.ANALYSIS_REQUESTED, JobRequests.requestOf(job));
                // guarded by the attempt seen: a job that moved on since the glance is left alone
                jobs.reassign(job.id(), seen.attempt(), request, now).ifPresent(reassigned -> {
                    log.warn("Job {} made no progress for {}; handing it out again (attempt {})", job.id(),
                            settings.leaseTimeout(), reassigned.attempt());
                    outbox.publishPending(reassigned);
                });
            });
        }
    }

    private void refreshGauges(Map<String, Long> byState, List<Job> unfinished) {
        Instant now = Instant.now();
        for (String state : JobStatus.ALL) {
            metrics.countState(state, byState.getOrDefault(state, 0L));
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
