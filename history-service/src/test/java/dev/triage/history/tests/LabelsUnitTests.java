package dev.triage.history.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.history.HistoryProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelsUnitTests {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final Labels labels = new Labels(new HistoryProperties(50, 5000, new HistoryProperties.Flaky(10, 0.3, 4),
            new HistoryProperties.Regression(5), new HistoryProperties.Intermittent(20, 2),
            new HistoryProperties.Infrastructure(5), "", java.time.Duration.ofSeconds(5)));

    @Test
    void aTestThatPassedOnRerunIsFlakyWithThatRunAsEvidence() {
        var runs = runs("passed", "passed", "flaky", "passed");
        var label = labels.flaky(runs).orElseThrow();
        assertThat(label.reason()).isEqualTo("passed_on_rerun");
        assertThat(label.evidence()).containsExactly("job-3");
    }

    @Test
    void passingAndFailingInTheSameBuildIsFlaky() {
        List<Run> runs = new ArrayList<>(runs("passed", "passed"));
        runs.add(new Run("job-a", "nightly", 7, "failed", "sig", "boom", 1, T0.plusSeconds(100)));
        runs.add(new Run("job-b", "nightly", 7, "passed", null, null, 1, T0.plusSeconds(101)));
        var label = labels.flaky(runs).orElseThrow();
        assertThat(label.reason()).isEqualTo("same_build_mixed");
        assertThat(label.evidence()).containsExactlyInAnyOrder("job-a", "job-b");
    }

    @Test
    void outcomesFlippingAboveTheRateAreFlaky() {
        var label = labels.flaky(runs("passed", "failed", "passed", "failed", "passed", "failed")).orElseThrow();
        assertThat(label.reason()).isEqualTo("flip_rate");
        assertThat(label.evidence()).contains("job-1", "job-6");
    }

    @Test
    void aTestThatBrokeOnceAndStaysBrokenIsNotFlaky() {
        assertThat(labels.flaky(runs("passed", "passed", "passed", "passed", "passed", "failed", "failed", "failed",
                "failed", "failed"))).isEmpty();
        assertThat(labels.flaky(runs("passed", "passed", "skipped", "passed"))).isEmpty();
    }

    @Test
    void aNewSignatureAfterEnoughPassesIsARegression() {
        var runs = runs("passed", "passed", "passed", "passed", "passed", "failed");
        var label = labels.regression(runs, Set.of("old-sig")).orElseThrow();
        assertThat(label.evidence()).containsExactly("job-1", "job-2", "job-3", "job-4", "job-5", "job-6");
    }

    @Test
    void aKnownSignatureOrTooFewPassesIsNoRegression() {
        assertThat(labels.regression(runs("passed", "passed", "passed", "passed", "passed", "failed"), Set.of("sig-6")))
                .isEmpty();
        assertThat(labels.regression(runs("passed", "passed", "passed", "failed"), Set.of())).isEmpty();
        assertThat(labels.regression(runs("failed", "passed", "passed", "passed", "passed", "passed", "failed"), Set.of()))
                .isPresent();
        assertThat(labels.regression(runs("passed", "passed", "passed", "passed", "failed", "failed"), Set.of())).isEmpty();
    }

    @Test
    void failingNowAndThenIsIntermittentButNotFlaky() {
        var runs = runs("passed", "passed", "passed", "failed", "passed", "passed", "passed", "passed", "passed", "passed",
                "passed", "passed", "failed", "passed", "passed", "passed", "passed", "passed");
        assertThat(labels.flaky(runs)).isEmpty();
        var label = labels.intermittent(runs).orElseThrow();
        assertThat(label.evidence()).containsExactly("job-4", "job-13");
    }

    @Test
    void oneFailureOrAStreakIsNotIntermittent() {
        assertThat(labels.intermittent(runs("passed", "failed", "passed", "passed", "passed"))).isEmpty();
        assertThat(labels.intermittent(runs("passed", "passed", "failed", "failed", "failed"))).isEmpty();
    }

    /** Runs named job-1, job-2, ... one minute apart; failures carry signature sig-N. */
    static List<Run> runs(String... outcomes) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            boolean failed = outcomes[i].equals("failed");
            runs.add(new Run("job-" + (i + 1), "nightly", i + 1, outcomes[i], failed ? "sig-" + (i + 1) : null,
                    failed ? "boom" : null, 10, T0.plusSeconds(60L * i)));
        }
        return runs;
    }
}
