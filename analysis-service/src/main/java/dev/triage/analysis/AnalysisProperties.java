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
 * @param classification        rules and learning (docs/classification.md)
 */
@ConfigurationProperties("triage.analysis")
public record AnalysisProperties(
        @DefaultValue("2") int workerConcurrency,
        @DefaultValue("2m") Duration leaseTimeout,
        @DefaultValue("8s") Duration shutdownDrain,
        @DefaultValue("500") int outcomesBatchSize,
        @DefaultValue("0s") Duration delayPerFailureGroup,
        @DefaultValue("5000") int maxFailuresStored,
        @DefaultValue ClassificationSettings classification) {

    /**
     * How failure groups are classified without AI.
     *
     * @param rulesFile          the operator's rules file (YAML, the shipped format); checked before the shipped rules.
     *                           A missing file means no operator rules
     * @param failOnInvalidRules true: an invalid operator file stops the service at start-up; false (default): it is
     *                           reported as an ERROR in the log and ignored, and the shipped rules are used
     * @param rulesCheckInterval how often the operator file is checked for changes; an edit takes effect without a restart
     * @param learning           verdicts learned from people's overrides
     */
    public record ClassificationSettings(
            @DefaultValue("./data/classification-rules.yml") String rulesFile,
            @DefaultValue("false") boolean failOnInvalidRules,
            @DefaultValue("10s") Duration rulesCheckInterval,
            @DefaultValue Learning learning) {
    }

    /**
     * Learning from overrides.
     *
     * @param enabled         false: overrides are still recorded, but classification uses the rules only
     * @param similarity      the token similarity (Jaccard, 0..1) from which another signature's verdict applies
     * @param maxIndexed      learned verdicts held in memory for similarity look-ups (the newest win); exact look-ups
     *                        read the store and have no limit
     * @param refreshInterval how often each instance reads verdicts learned by other instances into its similarity index
     */
    public record Learning(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.8") double similarity,
            @DefaultValue("20000") int maxIndexed,
            @DefaultValue("30s") Duration refreshInterval) {
    }
}
