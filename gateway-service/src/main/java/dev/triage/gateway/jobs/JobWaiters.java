package dev.triage.gateway.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Lets request threads wait for a job to change. The registry listener of this gateway signals the waiters it has;
 * a waiter also wakes up on its own every {@link #POLL} and re-reads the registry, because with several gateway
 * replicas the event may have been applied by another replica. A waiter for the end of a job is woken only when the
 * job finishes, not at each progress step, and is handed the finished job: every registry read costs a store round
 * trip, and a job takes several steps.
 */
@Component
public class JobWaiters {

    static final Duration POLL = Duration.ofMillis(250);

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Jobs jobs;
    private final Duration poll;

    @Autowired
    public JobWaiters(Jobs jobs) {
        this(jobs, POLL);
    }

    JobWaiters(Jobs jobs, Duration poll) {
        this.jobs = jobs;
        this.poll = poll;
    }

    /** Wakes those waiting on this job's every step. */
    public void signal(String jobId) {
        Set<Waiter> set = waiters.get(jobId);
        if (set != null) {
            set.stream().filter(w -> !w.endOnly).forEach(w -> w.signals.release());
        }
    }

    /**
     * Wakes everyone waiting on the job, handing those that wait for its end the finished job as this replica just
     * wrote it, so that they need not read it back, and the stored result when the outcome carried it.
     */
    public void finished(Job job, @Nullable String result) {
        Set<Waiter> set = waiters.get(job.id());
        if (set != null) {
            Ended ended = new Ended(job, result);
            set.forEach(w -> {
                w.ended = ended;
                w.signals.release();
            });
        }
    }

    /**
     * A job as a request waiting for its end receives it.
     *
     * @param job    the job, finished unless the wait timed out
     * @param result the stored result (JSON as the analysis service serves it) when it came with the outcome; null
     *               when the job was read from the registry, e.g. because another replica applied the outcome
     */
    public record Ended(Job job, @Nullable String result) {
    }

    /**
     * Starts watching a job's every step. Open the waiter before reading the registry, so that a change between the
     * read and the wait is not missed.
     */
    public Waiter open(String jobId) {
        return open(jobId, false);
    }

    private Waiter open(String jobId, boolean endOnly) {
        Waiter waiter = new Waiter(jobId, endOnly);
        waiters.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    /**
     * The job once it has finished, with the result when the outcome brought it to this replica, or its latest state
     * when {@code timeout} passes first.
     */
    public Optional<Ended> awaitEnd(String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Waiter waiter = open(jobId, true)) {
            while (true) {
                Ended handed = waiter.ended;
                Optional<Ended> job = handed != null ? Optional.of(handed) : jobs.find(jobId).map(j -> new Ended(j, null));
                Duration left = Duration.between(Instant.now(), deadline);
                if (job.isEmpty() || job.get().job().isFinished() || left.isNegative() || !waiter.await(left)) {
                    return job;
                }
            }
        }
    }

    /** One waiting thread's registration. */
    public final class Waiter implements AutoCloseable {
        private final String jobId;
        private final boolean endOnly;
        private final Semaphore signals = new Semaphore(0);
        private volatile @Nullable Ended ended;

        private Waiter(String jobId, boolean endOnly) {
            this.jobId = jobId;
            this.endOnly = endOnly;
        }

        /**
         * Waits for a signal, at most {@code atMost} and never longer than the poll interval.
         *
         * @return false when the thread was interrupted
         */
        public boolean await(Duration atMost) {
            try {
                long millis = Math.max(1, Math.min(atMost.toMillis(), poll.toMillis()));
                if (signals.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
                    signals.drainPermits();
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() {
            waiters.computeIfPresent(jobId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
