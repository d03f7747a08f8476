package dev.triage.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.jobs.JobCancelRequested;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.testsupport.TriageIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * One sweep over a registry in every condition it looks for: a crash's unpublished event, a job whose worker went
 * quiet, a job out of attempts and a healthy one; and the job gauges it refreshes from the same pass. The scheduled
 * sweep is switched off so that only the sweep under test runs; the context has a database of its own.
 */
@TriageIntegrationTest
@TestPropertySource(properties = {"triage.gateway.analysis.lease-timeout=1m", "triage.gateway.analysis.sweep-interval=1h",
        "triage.gateway.analysis.max-attempts=2"})
class JobSweeperIntegrationTests {

    @Autowired
    Jobs jobs;

    @Autowired
    JobSweeper sweeper;

    @Autowired
    MeterRegistry registry;

    @Test
    void oneSweepRepublishesLeftoversHandsOutQuietJobsFailsExhaustedOnesAndCountsEveryState() {
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        String leftover = register(JobStatus.PENDING, 1, longAgo, true);
        String quiet = register(JobStatus.RUNNING, 1, longAgo, false);
        String exhausted = register(JobStatus.RUNNING, 2, longAgo, false);
        String healthy = register(JobStatus.RUNNING, 1, Instant.now(), false);
        register(JobStatus.COMPLETED, 1, longAgo, false);
        // finished, but a crash left an event behind: counted, and the event is still sent
        String finishedLeftover = register(JobStatus.CANCELLED, 1, longAgo, true);

        sweeper.sweep();

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(leftover).orElseThrow().outbox().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(finishedLeftover).orElseThrow().outbox().isEmpty());
        Job handedOut = jobs.find(quiet).orElseThrow();
        assertThat(handedOut.attempt()).isEqualTo(2);
        assertThat(handedOut.progressLog()).extracting(Job.ProgressEntry::phase).contains("requeued");
        Job failed = jobs.find(exhausted).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("worker_lost");
        assertThat(jobs.find(healthy).orElseThrow().attempt()).isEqualTo(1);

        // the gauges count what the pass saw, before the sweep changed anything
        assertThat(gauge("triage.jobs", JobStatus.PENDING)).isEqualTo(1);
        assertThat(gauge("triage.jobs", JobStatus.RUNNING)).isEqualTo(3);
        assertThat(gauge("triage.jobs", JobStatus.FAILED)).isZero();
        assertThat(gauge("triage.jobs", JobStatus.COMPLETED)).isEqualTo(1);
        assertThat(gauge("triage.jobs", JobStatus.CANCELLED)).isEqualTo(1);
        assertThat(gauge("triage.jobs.stuck", JobStatus.RUNNING)).isEqualTo(2);
    }

    private String register(String status, int attempt, Instant updatedAt, boolean unpublished) {
        String id = UUID.randomUUID().toString();
        List<PendingEvent> outbox = List.of();
        if (unpublished) {
            PendingEvent event = PendingEvent.of(Topics.JOBS_CANCEL_REQUESTED, JobCancelRequested.of("req", id, "tester"));
            outbox = List.of(new PendingEvent(event.eventId(), event.topic(), event.type(), event.json(), updatedAt));
        }
        jobs.register(new Job(id, "failures", status, status, List.of(), 0, attempt, Map.of(), "payload-" + id,
                "application/json", 10, "sha", "req", updatedAt, null, null, updatedAt, null, null, null, outbox, false,
                null, null));
        return id;
    }

    private double gauge(String name, String state) {
        return registry.get(name).tag("state", state).gauge().value();
    }
}
