package dev.triage.history.tests;

import dev.triage.history.HistoryProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The labels that follow from a test's recent runs alone. No Spring, no store: every rule is a pure function. */
public final class Labels {

    private final HistoryProperties settings;

    public Labels(HistoryProperties settings) {
        this.settings = settings;
    }

    /**
     * FLAKY when, among the recent runs, the test passed on a rerun, or passed and failed in the same build of the same
     * job, or its outcome flipped at or above the configured rate.
     */
    public Optional<Label> flaky(List<Run> runs) {
        List<Run> window = decided(runs, settings.flaky().window());
        List<String> rerun = window.stream().filter(r -> "flaky".equals(r.outcome())).map(Run::jobId).toList();
        if (!rerun.isEmpty()) {
            return Optional.of(new Label(Label.FLAKY, "passed_on_rerun", rerun));
        }
        Map<String, List<Run>> byBuild = window.stream().filter(r -> r.jobName() != null && r.buildNumber() != null)
                .collect(Collectors.groupingBy(r -> r.jobName() + "#" + r.buildNumber()));
        for (List<Run> build : byBuild.values()) {
            if (build.stream().anyMatch(Run::passed) && build.stream().anyMatch(Run::failed)) {
                return Optional.of(new Label(Label.FLAKY, "same_build_mixed", build.stream().map(Run::jobId).toList()));
            }
        }
        if (window.size() >= Math.max(2, settings.flaky().minRuns())) {
            Set<String> evidence = new LinkedHashSet<>();
            int flips = 0;
            for (int i = 1; i < window.size(); i++) {
                if (window.get(i).failed() != window.get(i - 1).failed()) {
                    flips++;
                    evidence.add(window.get(i - 1).jobId());
                    evidence.add(window.get(i).jobId());
                }
            }
            if ((double) flips / (window.size() - 1) >= settings.flaky().flipRate()) {
                return Optional.of(new Label(Label.FLAKY, "flip_rate", List.copyOf(evidence)));
            }
        }
        return Optional.empty();
    }

    /** INTERMITTENT when the test is not flaky but failed now and then: each counted failure is followed by a pass. */
    public Optional<Label> intermittent(List<Run> runs) {
        return flaky(runs).isPresent() ? Optional.empty() : failsNowAndThen(runs);
    }

    /** INTERMITTENT's rule without its FLAKY check, for a caller that has just found the test not flaky. */
    Optional<Label> failsNowAndThen(List<Run> runs) {
        List<Run> window = decided(runs, settings.intermittent().window());
        List<String> evidence = new ArrayList<>();
        for (int i = 0; i + 1 < window.size(); i++) {
            if (window.get(i).failed() && window.get(i + 1).passed()) {
                evidence.add(window.get(i).jobId());
            }
        }
        return evidence.size() >= settings.intermittent().minFailures()
                ? Optional.of(new Label(Label.INTERMITTENT, "fails_then_passes", evidence)) : Optional.empty();
    }

    /**
     * REGRESSION when the newest run failed with a signature the test never failed with before, after the configured
     * number of passing runs in a row.
     *
     * @param runs            the runs, oldest first, the newest being the one just recorded
     * @param knownSignatures the signatures the test failed with before the newest run
     */
    public Optional<Label> regression(List<Run> runs, Set<String> knownSignatures) {
        int needed = settings.regression().passingRuns();
        if (runs.isEmpty() || runs.size() < needed + 1) {
            return Optional.empty();
        }
        Run newest = runs.getLast();
        if (!newest.failed() || newest.signature() == null || knownSignatures.contains(newest.signature())) {
            return Optional.empty();
        }
        List<Run> before = decided(runs.subList(0, runs.size() - 1), needed);
        if (before.size() < needed || !before.stream().allMatch(Run::passed)) {
            return Optional.empty();
        }
        List<String> evidence = new ArrayList<>(before.stream().map(Run::jobId).toList());
        evidence.add(newest.jobId());
        return Optional.of(new Label(Label.REGRESSION, "new_signature_after_passes", evidence));
    }

    /** The last {@code n} runs that passed or failed (skipped runs say nothing), oldest first. */
    static List<Run> decided(List<Run> runs, int n) {
        List<Run> decided = runs.stream().filter(r -> r.passed() || r.failed()).filter(Objects::nonNull).toList();
        return decided.subList(Math.max(0, decided.size() - n), decided.size());
    }
}
