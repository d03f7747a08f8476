package dev.triage.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobWaitersUnitTests {

    private static final String JOB = "job-1";

    /** The registry as a waiter sees it, counting reads (the poll is long, so a read would come from a signal). */
    private final RegistryView registry = new RegistryView();
    private final JobWaiters waiters = new JobWaiters(registry, Duration.ofSeconds(30));
    /** Threads of their own: the common pool may have a single thread on a small machine. */
    private final Executor threads = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void aWaiterForTheEndIsNotWokenByProgressStepsAndIsHandedTheFinishedJob() {
        CompletableFuture<Optional<JobWaiters.Ended>> result = CompletableFuture.supplyAsync(
                () -> waiters.awaitEnd(job(JobStatus.PENDING), Duration.ofSeconds(20)), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.isAwaited(JOB));

        for (int step = 0; step < 5; step++) {
            waiters.signal(JOB);
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> registry.reads() == 0);

        // the finished job is handed over as written, with the result its outcome carried: nothing is read
        waiters.finished(job(JobStatus.COMPLETED), "{\"status\":\"completed\"}");
        JobWaiters.Ended ended = result.orTimeout(10, TimeUnit.SECONDS).join().orElseThrow();
        assertThat(ended.job().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ended.result()).isEqualTo("{\"status\":\"completed\"}");
        assertThat(registry.reads()).isZero();
    }

    @Test
    void aJobFinishedByAnotherReplicaIsFoundByPollingItsStatusAndReadWholeOnce() {
        RegistryView elsewhere = new RegistryView();
        JobWaiters polling = new JobWaiters(elsewhere, Duration.ofMillis(20));
        CompletableFuture<Optional<JobWaiters.Ended>> result = CompletableFuture.supplyAsync(
                () -> polling.awaitEnd(job(JobStatus.PENDING), Duration.ofSeconds(20)), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> elsewhere.statusReads.get() >= 1);

        elsewhere.state.set(job(JobStatus.COMPLETED));

        JobWaiters.Ended ended = result.orTimeout(10, TimeUnit.SECONDS).join().orElseThrow();
        assertThat(ended.job().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ended.result()).isNull();
        assertThat(elsewhere.reads).hasValue(1);
    }

    @Test
    void theStatusPollsGrowApartWhileTheJobRuns() {
        RegistryView slow = new RegistryView();
        JobWaiters polling = new JobWaiters(slow, Duration.ofMillis(50));

        Optional<JobWaiters.Ended> latest = polling.awaitEnd(job(JobStatus.PENDING), Duration.ofSeconds(1));

        // at a fixed 50 ms that would be 20 polls; doubling from 50 ms gives 5 within the second
        assertThat(slow.statusReads.get()).isBetween(2, 6);
        assertThat(latest.orElseThrow().job().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(slow.reads).hasValue(1);
    }

    @Test
    void aWaiterForEveryStepIsWokenByProgress() throws Exception {
        try (JobWaiters.Waiter waiter = waiters.open(JOB)) {
            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> waiter.await(Duration.ofSeconds(20)), threads);
            waiters.signal(JOB);
            assertThat(woke.get(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Job job(String status) {
        Instant now = Instant.now();
        return new Job(JOB, "failures", status, status, List.of(), 0, 1, Map.of(), null, null, 0, null, "req", now, null,
                null, now, null, null, null, List.of(), false, null, null);
    }

    private static final class RegistryView extends Jobs {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger statusReads = new AtomicInteger();
        final AtomicReference<Job> state = new AtomicReference<>(job(JobStatus.RUNNING));

        RegistryView() {
            super(null);
        }

        @Override
        public Optional<Job> find(String id) {
            reads.incrementAndGet();
            return Optional.of(state.get());
        }

        @Override
        public Optional<String> statusOf(String id) {
            statusReads.incrementAndGet();
            return Optional.of(state.get().status());
        }

        int reads() {
            return reads.get() + statusReads.get();
        }
    }
}
