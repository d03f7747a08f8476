package dev.triage.history;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the history service, under {@code triage.history}.
 *
 * @param runsKept       recent runs kept in each test's document; older runs only count in the totals
 * @param feedSize       newest jobs listed in the failure feeds (overall and per job name); older jobs drop out of
 *                       {@code /history/failures}, {@code /history/stats} and the dashboard
 * @param flaky          when a test is FLAKY
 * @param regression     when a failure is a REGRESSION
 * @param intermittent   when a test is INTERMITTENT
 * @param infrastructure when a failure is INFRASTRUCTURE
 * @param rulesFile      a JSON file of job metadata rules ({@code {"rules":[{"pattern":...}]}}); empty for none
 * @param sweepInterval  how often unpublished events are looked for
 */
@ConfigurationProperties("triage.history")
public record HistoryProperties(
        @DefaultValue("50") int runsKept,
        @DefaultValue("5000") int feedSize,
        @DefaultValue Flaky flaky,
        @DefaultValue Regression regression,
        @DefaultValue Intermittent intermittent,
        @DefaultValue Infrastructure infrastructure,
        @DefaultValue("") String rulesFile,
        @DefaultValue("5s") Duration sweepInterval) {

    /**
     * @param window   the last N runs the flip rate is measured over
     * @param flipRate pass/fail changes between consecutive runs divided by (runs - 1) at or above which a test is FLAKY
     * @param minRuns  fewest runs in the window before the flip rate counts
     */
    public record Flaky(@DefaultValue("10") int window, @DefaultValue("0.3") double flipRate, @DefaultValue("4") int minRuns) {
    }

    /** @param passingRuns how many runs in a row must have passed before a failure with a new signature is a REGRESSION */
    public record Regression(@DefaultValue("5") int passingRuns) {
    }

    /**
     * @param window      the last N runs looked at
     * @param minFailures fewest failures in the window, each followed by a pass, for INTERMITTENT
     */
    public record Intermittent(@DefaultValue("20") int window, @DefaultValue("2") int minFailures) {
    }

    /** @param testsPerJob distinct tests failing with one signature in one job at or above which it is INFRASTRUCTURE */
    public record Infrastructure(@DefaultValue("5") int testsPerJob) {
    }
}
