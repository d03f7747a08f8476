package dev.triage.analysis.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptsUnitTests {

    private final Prompts prompts = new Prompts(200, 200, 2);

    @Test
    void aFailureWithConsoleLinesShowsThemClippedAndOneWithoutShowsNoConsoleSection() {
        String console = "+ mvn -B verify\n" + "[ERROR] COMPILATION ERROR\n".repeat(20);
        var withConsole = new Prompts.Failure("sig", List.of("a", "b", "c"), null, "build failed", "", console);
        var withoutConsole = new Prompts.Failure("sig", List.of("a"), "java.lang.AssertionError", "expected 1", "at x", "");

        String prompt = prompts.analysis(withConsole, null, null);

        assertThat(prompt).contains("CONSOLE (lines around the error):\n+ mvn -B verify\n[ERROR] COMPILATION ERROR")
                .contains("... (cut)").contains("- ... and 1 more").doesNotContain("STACK TRACE");
        assertThat(prompts.analysis(withoutConsole, null, null)).doesNotContain("CONSOLE").contains("STACK TRACE (top):\nat x");
    }

    @Test
    void theHistorySectionShowsTheSignaturesRecordPeoplesVerdictsAndEachTestsRecord() {
        var signature = new HistoryFacts.SignatureRecord(14, 2, "2026-04-02T08:00:00Z", "2026-05-10T09:30:00Z",
                List.of(Map.of("classification", "CODE ISSUE", "at", "2026-04-03T10:00:00Z"),
                        Map.of("classification", "PRODUCT BUG", "at", "2026-05-01T10:00:00Z")), List.of("OCPBUGS-7"));
        var flaky = new HistoryFacts.TestRecord("shop.CartTest.totals", 20, 5, 15, 0.25, 2, "2026-05-09T07:00:00Z",
                Map.of("PRODUCT BUG", 3L), List.of("FLAKY (same build mixed)"),
                List.of("2026-05-10T09:30 nightly #12, same signature"));
        var fresh = new HistoryFacts.TestRecord("shop.CartTest.empty", 0, 0, 0, 0, 0, null, Map.of(), List.of(), List.of());
        var failure = new Prompts.Failure("sig", List.of("a"), null, "boom", "", "")
                .withHistory(new HistoryFacts(null, signature, List.of(flaky, fresh)));

        String prompt = prompts.analysis(failure, null, null);

        assertThat(prompt).contains("""
                HISTORY (earlier analysed runs, this job excluded):
                Signature: 14 earlier failures in 2 tests, first 2026-04-02, last 2026-05-10.
                People classified this signature as: CODE ISSUE (2026-04-03), PRODUCT BUG (2026-05-01) (oldest first).
                Linked tracker issues: OCPBUGS-7.
                Test shop.CartTest.totals: 20 runs, 5 failed, 15 passed (failure rate 25%), 2 failing in a row, last pass 2026-05-09.
                  Labels: FLAKY (same build mixed).
                  Earlier verdicts: PRODUCT BUG x3.
                  Recent failures: 2026-05-10T09:30 nightly #12, same signature.
                Test shop.CartTest.empty: no earlier runs recorded.
                """);
        assertThat(prompt.indexOf("HISTORY")).isLessThan(prompt.indexOf("Answer with ONLY"));
    }

    @Test
    void unavailableHistoryIsSaidPlainlyAndANewSignatureIsCalledNew() {
        var down = new Prompts.Failure("sig", List.of("a"), null, "boom", "", "")
                .withHistory(HistoryFacts.unavailable("the history service did not answer in time"));
        var fresh = new Prompts.Failure("sig", List.of("a"), null, "boom", "", "")
                .withHistory(new HistoryFacts(null, new HistoryFacts.SignatureRecord(0, 0, null, null, List.of(), List.of()),
                        List.of()));

        assertThat(prompts.analysis(down, null, null)).contains("HISTORY (earlier analysed runs, this job excluded):\n"
                + "Unavailable (the history service did not answer in time); judge from this failure alone.\n");
        assertThat(prompts.analysis(fresh, null, null)).contains("Signature: never seen before this job.\n")
                .doesNotContain("People classified");
        assertThat(prompts.analysis(new Prompts.Failure("sig", List.of("a"), null, "boom", "", ""), null, null))
                .doesNotContain("HISTORY");
    }
}
