package dev.triage.gateway.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Job metrics: {@code triage_jobs{state}} (refreshed by the sweeper, so scraping never scans the store),
 * {@code triage_jobs_stuck{state}}, {@code triage_job_transitions_total{state}} and
 * {@code triage_job_duration_seconds{outcome}}.
 */
@Component
public class JobMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> byState = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> stuck = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String state : JobStatus.ALL) {
            byState.put(state, gauge("triage.jobs", "Jobs by state", state));
        }
        for (String state : JobStatus.UNFINISHED) {
            stuck.put(state, gauge("triage.jobs.stuck", "Unfinished jobs without progress for longer than the lease", state));
        }
    }

    private AtomicLong gauge(String name, String description, String state) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description).tag("state", state).register(registry);
        return value;
    }

    void transitioned(String state) {
        Counter.builder("triage.job.transitions").description("Jobs entering a state").tag("state", state)
                .register(registry).increment();
    }

    void finished(String outcome, Duration sinceCreated) {
        Timer.builder("triage.job.duration").description("From request to final state").tag("outcome", outcome)
                .publishPercentileHistogram().register(registry).record(sinceCreated);
    }

    void countState(String state, long count) {
        byState.computeIfAbsent(state, s -> gauge("triage.jobs", "Jobs by state", s)).set(count);
    }

    void countStuck(String state, long count) {
        AtomicLong value = stuck.get(state);
        if (value != null) {
            value.set(count);
        }
    }
}
