package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.events.analysis.AnalysisRequested;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Looks again at builds that were still running, on every worker instance, without holding a Kafka partition: due
 * waits are taken one at a time (one worker wins each) and analysed again, which either parks them for a later check
 * or finishes them. The schedule lives in the store, so it survives restarts of any instance. Runs on its own thread so
 * that a long re-check never delays the outbox sweeper.
 */
@Component
class JenkinsRechecks {

    private static final Logger log = LoggerFactory.getLogger(JenkinsRechecks.class);
    private static final int BATCH = 20;

    private final JenkinsWaits waits;
    private final AnalyzingJobs jobs;
    private final JsonMapper json;
    private final AnalysisProperties settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jenkins-rechecks");
        t.setDaemon(true);
        return t;
    });

    JenkinsRechecks(JenkinsWaits waits, AnalyzingJobs jobs, JsonMapper json, AnalysisProperties settings) {
        this.waits = waits;
        this.jobs = jobs;
        this.json = json;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = Math.max(50, settings.jenkins().recheckInterval().toMillis());
        thread.scheduleWithFixedDelay(this::recheckDue, every, every, TimeUnit.MILLISECONDS);
    }

    /** Lets a check in progress finish (it parks its job again or completes it) rather than leave it to a lease expiry. */
    @PreDestroy
    void stop() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }

    void recheckDue() {
        List<JenkinsWaits.Wait> due;
        try {
            due = waits.due(Instant.now(), BATCH);
        } catch (RuntimeException e) {
            log.warn("Looking for waiting Jenkins jobs failed, the next round retries: {}", e.toString());
            return;
        }
        for (JenkinsWaits.Wait wait : due) {
            if (thread.isShutdown()) {
                return;
            }
            try {
                // held for one lease: if this worker dies mid-check, another takes the wait when it is due again
                var taken = waits.take(wait, Instant.now().plus(settings.leaseTimeout()));
                if (taken.isPresent()) {
                    jobs.analyze(json.readValue(taken.get().request(), AnalysisRequested.class));
                }
            } catch (JacksonException e) {
                log.warn("Waiting job {} has an unreadable request; it is dropped from the waits", wait.jobId());
                waits.forget(wait.jobId());
            } catch (RuntimeException e) {
                log.warn("Re-checking waiting job {} failed, it is tried again after its lease: {}", wait.jobId(), e.toString());
            }
        }
    }
}
