package dev.triage.analysis.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code triage_analysis_phase_seconds{phase}} and {@code triage_analysis_jobs_total{outcome}}. */
@Component
class AnalysisMetrics {

    private final MeterRegistry registry;

    AnalysisMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void phase(String phase, Duration took) {
        Timer.builder("triage.analysis.phase").description("Time spent in each phase of an analysis")
                .tag("phase", phase).publishPercentileHistogram().register(registry).record(took);
    }

    /**
     * One analysis ended here. {@code completed}, {@code failed} and {@code cancelled} stored the job's result;
     * {@code superseded} ran to the end but another attempt had stored first (work done twice); {@code recovered}
     * finished a job whose result a previous holder had stored before it stopped.
     */
    void job(String outcome) {
        Counter.builder("triage.analysis.jobs").description("Analyses finished by this worker").tag("outcome", outcome)
                .register(registry).increment();
    }
}
