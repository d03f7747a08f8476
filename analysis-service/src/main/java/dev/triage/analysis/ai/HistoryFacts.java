package dev.triage.analysis.ai;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the history service knows about a failure group before this job: the signature's earlier occurrences and the
 * verdicts people gave it, and per affected test (a few) its record. Read only when an AI call is about to be made.
 *
 * @param unavailable why history could not be read (the prompt says so), or null when it was read
 * @param signature   the signature's record; null when unavailable
 * @param tests       the looked-up tests' records, in the group's order
 */
record HistoryFacts(@Nullable String unavailable, @Nullable SignatureRecord signature, List<TestRecord> tests) {

    HistoryFacts {
        tests = List.copyOf(tests);
    }

    static HistoryFacts unavailable(String why) {
        return new HistoryFacts(why, null, List.of());
    }

    /**
     * A signature's earlier occurrences.
     *
     * @param occurrences           failures with this signature in earlier jobs
     * @param uniqueTests           distinct tests that failed with it
     * @param firstSeen             ISO-8601 instant, null when never seen
     * @param lastSeen              ISO-8601 instant, null when never seen
     * @param classificationHistory verdicts people gave it, oldest first ({@code classification} and {@code at})
     * @param knownBugs             tracker issues it is linked to
     */
    record SignatureRecord(long occurrences, long uniqueTests, @Nullable String firstSeen, @Nullable String lastSeen,
            List<Map<String, String>> classificationHistory, List<String> knownBugs) {
    }

    /**
     * A test's record.
     *
     * @param testName            the test id the history is keyed by
     * @param totalRuns           analysed runs (skipped included)
     * @param failures            failed runs
     * @param passes              passed runs
     * @param failureRate         failures / (failures + passes), 0..1
     * @param consecutiveFailures failing runs in a row up to the latest
     * @param lastPass            ISO-8601 instant of the latest pass, or null
     * @param classifications     verdicts recorded for the test, by classification
     * @param labels              {@code FLAKY}, {@code REGRESSION}, {@code KNOWN_BUG}, ... each with its reason
     * @param recentFailures      the latest failures, newest first, as one line each
     */
    record TestRecord(String testName, long totalRuns, long failures, long passes, double failureRate,
            long consecutiveFailures, @Nullable String lastPass, Map<String, Long> classifications, List<String> labels,
            List<String> recentFailures) {
    }
}
