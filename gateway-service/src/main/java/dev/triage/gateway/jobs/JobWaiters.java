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
 * a waiter also wakes up on its own and re-reads the registry, because with several gateway replicas the event may
 * have been applied by another replica. A waiter for the end of a job is woken only when the
 * job finishes, not at each progress step, and is handed the finished job: every registry read costs a store round
 * trip, and a job takes several steps.
 */
@Component
public class JobWaiters {

    static final Duration POLL = Duration.ofMillis(250);
    /** A request waiting for a job's end polls at most this far apart (the end is usually handed over, not read). */
    static final Duration LONGEST_POLL = Duration.ofSeconds(2);

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
     * when {@code timeout} passes first. The registry is not read while this replica's listener hands the job over;
     * in case another replica applied the outcome, it is polled for the job's status, at growing intervals from
     * {@link #POLL} to {@link #LONGEST_POLL}, and read whole once it has finished.
     *
     * @param registered the job as this request registered it
     */
    public Optional<Ended> awaitEnd(Job registered, Duration timeout) {
        String jobId = registered.id();
        Instant deadline = Instant.now().plus(timeout);
        Duration pause = poll;
        try (Waiter waiter = open(jobId, true)) {
            while (true) {
                Ended handed = waiter.ended;
                if (handed != null) {
                    return Optional.of(handed);
                }
                Duration left = Duration.between(Instant.now(), deadline);
                if (!left.isPositive() || !waiter.pause(shorter(left, pause))) {
                    return jobs.find(jobId).map(job -> new Ended(job, null));
                }
                if (waiter.ended == null) {
                    Optional<String> status = jobs.statusOf(jobId);
                    if (status.isEmpty()) {
                        return Optional.empty();
                    }
                    if (JobStatus.isFinished(status.get())) {
                        return jobs.find(jobId).map(job -> new Ended(job, null));
                    }
                }
                pause = shorter(pause.multipliedBy(2), LONGEST_POLL);
            }
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether a request is waiting on the job here. */
    boolean isAwaited(String jobId) {
        return waiters.containsKey(jobId);
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
            return pause(shorter(atMost, poll));
        }

        /** Waits for a signal, at most {@code atMost}; false when the thread was interrupted. */
        private boolean pause(Duration atMost) {
            try {
                if (signals.tryAcquire(Math.max(1, atMost.toMillis()), TimeUnit.MILLISECONDS)) {
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
