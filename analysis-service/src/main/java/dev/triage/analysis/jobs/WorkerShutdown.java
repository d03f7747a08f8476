package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * A worker's SIGTERM. It stops before the listener containers do (a higher phase stops first): from then on the worker
 * claims no new job, and the job at hand may go on for {@code triage.analysis.shutdown-drain}; past that, its next
 * checkpoint releases the claim and gives the request back uncommitted, so the consumer group hands it to another
 * worker at once instead of after the lease runs out.
 */
class WorkerShutdown implements SmartLifecycle {

    /** Before the Kafka containers ({@link AbstractMessageListenerContainer#DEFAULT_PHASE}), after everything else. */
    static final int PHASE = AbstractMessageListenerContainer.DEFAULT_PHASE + 50;

    private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

    private final Duration drain;
    private volatile boolean running;
    private volatile @Nullable Instant stoppingSince;

    WorkerShutdown(AnalysisProperties settings) {
        this.drain = settings.shutdownDrain();
    }

    /** Thrown where a stopping worker refuses or gives back a job; the listener lets it through, so nothing is committed. */
    static final class WorkerStoppingException extends RuntimeException {
        WorkerStoppingException(String jobId) {
            super("Worker is shutting down; job " + jobId + " is left for another worker", null, false, false);
        }
    }

    /** Refuses a new job once shutdown began. */
    void admit(String jobId) {
        if (stoppingSince != null) {
            throw new WorkerStoppingException(jobId);
        }
    }

    /** Whether the job at hand must be given back now. */
    boolean drainOver() {
        Instant since = stoppingSince;
        return since != null && !Instant.now().isBefore(since.plus(drain));
    }

    @Override
    public void start() {
        running = true;
        stoppingSince = null;
    }

    @Override
    public void stop() {
        stoppingSince = Instant.now();
        running = false;
        log.info("Shutting down: no new jobs; the job at hand has {} to finish before it is handed on", drain);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
