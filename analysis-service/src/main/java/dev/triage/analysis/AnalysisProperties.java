package dev.triage.analysis;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analysis workers, under {@code triage.analysis}.
 *
 * @param workerConcurrency     listener threads per instance taking requests (partitions are shared out among them)
 * @param leaseTimeout          a claim on a job not renewed for this long may be taken by another worker
 * @param shutdownDrain         on shutdown, how long a worker keeps going on the job at hand before it releases the claim
 *                              for another worker (the request is not committed, so the group hands it on at once)
 * @param outcomesBatchSize     per-test outcomes per history event
 * @param delayPerFailureGroup  an artificial wait per failure group, standing in for a slow AI call in benchmarks;
 *                              zero in production
 * @param maxFailuresStored     failures kept in one stored result (more are counted but not listed), so that a result
 *                              stays far below MongoDB's 16 MB document limit
 */
@ConfigurationProperties("triage.analysis")
public record AnalysisProperties(
        @DefaultValue("2") int workerConcurrency,
        @DefaultValue("2m") Duration leaseTimeout,
        @DefaultValue("8s") Duration shutdownDrain,
        @DefaultValue("500") int outcomesBatchSize,
        @DefaultValue("0s") Duration delayPerFailureGroup,
        @DefaultValue("5000") int maxFailuresStored) {
}
