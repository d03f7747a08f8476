package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.platform.kafka.EventPublisher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends the progress steps running jobs hold ({@link HeldProgress}) once they have waited
 * {@code triage.analysis.progress-hold}.
 */
@Component
class ProgressTimer implements DisposableBean {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("progress-timer").daemon().factory());
    private final EventPublisher publisher;
    private final Duration hold;

    @Autowired
    ProgressTimer(EventPublisher publisher, AnalysisProperties settings) {
        this(publisher, settings.progressHold());
    }

    ProgressTimer(EventPublisher publisher, Duration hold) {
        this.publisher = publisher;
        this.hold = hold;
    }

    /** The held steps of one job attempt. */
    HeldProgress open() {
        return new HeldProgress(this);
    }

    boolean holds() {
        return hold.isPositive();
    }

    /** Runs {@code send} after the hold; at once when the timer is gone (the worker is stopping). */
    @Nullable ScheduledFuture<?> later(Runnable send) {
        try {
            return timer.schedule(send, hold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            send.run();
            return null;
        }
    }

    void publish(AnalysisProgressed step) {
        publisher.publish(Topics.ANALYSIS_PROGRESSED, step);
    }

    @Override
    public void destroy() throws InterruptedException {
        // sends already scheduled still run after shutdown (the executor's default): let them go out before the
        // producer closes
        timer.shutdown();
        timer.awaitTermination(hold.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }
}
