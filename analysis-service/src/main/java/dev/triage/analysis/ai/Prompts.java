package dev.triage.analysis.ai;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The prompts. What a provider sees: the signature, the affected test names, the error type and message, the top of
 * the stack, the console lines around the error (Jenkins builds), the history of the signature and of the first affected
 * tests (from the history service, when an AI call is made), the request's extra instructions
 * ({@code raw_prompt}) and, when a tests repository was cloned, its location in the working directory. Nothing else:
 * no credentials, and of other jobs only that history.
 */
final class Prompts {

    /**
     * The failure of one group, as the prompts show it.
     *
     * @param history what history knows of the signature and tests; null: no history section (not looked up)
     */
    record Failure(String signature, List<String> tests, @Nullable String exceptionType, String message, String stack,
            String console, @Nullable HistoryFacts history) {

        Failure(String signature, List<String> tests, @Nullable String exceptionType, String message, String stack,
                String console) {
            this(signature, tests, exceptionType, message, stack, console, null);
        }

        Failure withHistory(HistoryFacts facts) {
            return new Failure(signature, tests, exceptionType, message, stack, console, facts);
        }
    }

    static final String ANSWER_SCHEMA = """
            Answer with ONLY one JSON object, no prose before or after it:
            {
              "classification": "CODE ISSUE" | "PRODUCT BUG" | "INFRASTRUCTURE",
              "details": "what failed and why, citing the evidence",
              "artifacts_evidence": "the verbatim lines that prove it",
              "code_fix": {"file": "...", "line": "...", "change": "..."} (only for CODE ISSUE, else false),
              "product_bug_report": {"title": "...", "severity": "critical|high|medium|low", "component": "...",
                "description": "...", "evidence": "...", "jira_search_keywords": ["..."]} (only for PRODUCT BUG, else false)
            }
            CODE ISSUE: the test code, its fixtures or its setup is wrong. PRODUCT BUG: the product under test misbehaves.
            INFRASTRUCTURE: the environment failed (network, DNS, timeouts of dependencies, out of memory, disk, CI agent,
            image pulls, checkouts) and neither the tests nor the product are to blame.""";

    static final String REVIEW_SCHEMA = """
            Answer with ONLY one JSON object, no prose before or after it:
            {"agrees": true | false, "classification": "CODE ISSUE" | "PRODUCT BUG" | "INFRASTRUCTURE",
             "reasoning": "why you agree or disagree", "suggested_changes": "what to change, empty if you agree"}""";

    private final int stackChars;
    private final int messageChars;
    private final int maxTests;

    Prompts(int stackChars, int messageChars, int maxTests) {
        this.stackChars = stackChars;
        this.messageChars = messageChars;
        this.maxTests = maxTests;
    }

    String analysis(Failure failure, @Nullable String repositories, @Nullable String extraInstructions) {
        return "You are triaging a failed CI test run. Classify the root cause of this group of failures, which share one"
                + " normalised error signature.\n\n" + describe(failure) + resources(repositories)
                + instructions(extraInstructions) + "\n" + ANSWER_SCHEMA + "\n";
    }

    String review(Failure failure, AiAnalysis main, List<String> otherPeers, @Nullable String repositories,
            @Nullable String extraInstructions) {
        StringBuilder others = new StringBuilder();
        if (!otherPeers.isEmpty()) {
            others.append("\nOTHER PEERS IN THE PREVIOUS ROUND:\n");
            otherPeers.forEach(p -> others.append(p).append('\n'));
            others.append("Consider them, but form your own opinion.\n");
        }
        return "PEER REVIEW. This is a conversation between AI reviewers: do not be agreeable, judge independently.\n\n"
                + describe(failure) + "\nORCHESTRATOR'S ANALYSIS:\nClassification: " + main.classification()
                + "\nDetails: " + main.details() + "\n" + others + resources(repositories) + instructions(extraInstructions)
                + "\nDo you agree with the classification and the reasoning?\n" + REVIEW_SCHEMA + "\n";
    }

    String revision(Failure failure, AiAnalysis current, String feedback, @Nullable String repositories,
            @Nullable String extraInstructions) {
        return "REVISION. Peers reviewed your analysis. Change it only if their arguments convince you; otherwise keep it"
                + " and say why.\n\n" + describe(failure) + "\nYOUR CURRENT ANALYSIS:\nClassification: "
                + current.classification() + "\nDetails: " + current.details() + "\n\nPEER FEEDBACK:\n" + feedback + "\n"
                + resources(repositories) + instructions(extraInstructions) + "\n" + ANSWER_SCHEMA + "\n";
    }

    private String describe(Failure failure) {
        StringBuilder out = new StringBuilder();
        out.append("ERROR SIGNATURE: ").append(failure.signature()).append('\n');
        out.append("AFFECTED TESTS (").append(failure.tests().size()).append("):\n");
        failure.tests().stream().limit(maxTests).forEach(t -> out.append("- ").append(t).append('\n'));
        if (failure.tests().size() > maxTests) {
            out.append("- ... and ").append(failure.tests().size() - maxTests).append(" more\n");
        }
        if (failure.exceptionType() != null) {
            out.append("ERROR TYPE: ").append(failure.exceptionType()).append('\n');
        }
        out.append("ERROR MESSAGE:\n").append(clip(failure.message(), messageChars)).append('\n');
        if (!failure.stack().isBlank()) {
            out.append("STACK TRACE (top):\n").append(clip(failure.stack(), stackChars)).append('\n');
        }
        if (!failure.console().isBlank()) {
            out.append("CONSOLE (lines around the error):\n").append(clip(failure.console(), stackChars)).append('\n');
        }
        if (failure.history() != null) {
            out.append(history(failure.history()));
        }
        return out.toString();
    }

    /**
     * The HISTORY section: the signature's earlier occurrences and people's verdicts on it, then one block per looked-up
     * test. Short on purpose: it weighs evidence (a signature people called a product bug twice, a test labelled FLAKY)
     * without crowding out the failure itself.
     */
    static String history(HistoryFacts facts) {
        StringBuilder out = new StringBuilder("HISTORY (earlier analysed runs, this job excluded):\n");
        if (facts.unavailable() != null || facts.signature() == null) {
            return out.append("Unavailable (").append(facts.unavailable()).append("); judge from this failure alone.\n")
                    .toString();
        }
        HistoryFacts.SignatureRecord signature = facts.signature();
        if (signature.occurrences() == 0) {
            out.append("Signature: never seen before this job.\n");
        } else {
            out.append("Signature: ").append(signature.occurrences()).append(" earlier failures in ")
                    .append(signature.uniqueTests()).append(signature.uniqueTests() == 1 ? " test" : " tests")
                    .append(", first ").append(day(signature.firstSeen())).append(", last ").append(day(signature.lastSeen()))
                    .append(".\n");
        }
        if (!signature.classificationHistory().isEmpty()) {
            out.append("People classified this signature as: ");
            List<Map<String, String>> verdicts = signature.classificationHistory();
            List<Map<String, String>> shown = verdicts.subList(Math.max(0, verdicts.size() - 5), verdicts.size());
            out.append(String.join(", ", shown.stream().map(v -> v.get("classification")
                    + (v.get("at") == null || v.get("at").isEmpty() ? "" : " (" + day(v.get("at")) + ")")).toList()));
            out.append(" (oldest first).\n");
        }
        if (!signature.knownBugs().isEmpty()) {
            out.append("Linked tracker issues: ").append(String.join(", ", signature.knownBugs())).append(".\n");
        }
        for (HistoryFacts.TestRecord test : facts.tests()) {
            out.append("Test ").append(test.testName()).append(": ");
            if (test.totalRuns() == 0) {
                out.append("no earlier runs recorded.\n");
                continue;
            }
            out.append(test.totalRuns()).append(" runs, ").append(test.failures()).append(" failed, ").append(test.passes())
                    .append(" passed (failure rate ").append(Math.round(test.failureRate() * 100)).append("%), ")
                    .append(test.consecutiveFailures()).append(" failing in a row, last pass ")
                    .append(test.lastPass() == null ? "never" : day(test.lastPass())).append(".\n");
            if (!test.labels().isEmpty()) {
                out.append("  Labels: ").append(String.join(", ", test.labels())).append(".\n");
            }
            if (!test.classifications().isEmpty()) {
                StringBuilder counts = new StringBuilder();
                test.classifications().forEach((name, count) -> counts.append(counts.isEmpty() ? "" : ", ").append(name)
                        .append(" x").append(count));
                out.append("  Earlier verdicts: ").append(counts).append(".\n");
            }
            if (!test.recentFailures().isEmpty()) {
                out.append("  Recent failures: ").append(String.join("; ", test.recentFailures())).append(".\n");
            }
        }
        return out.toString();
    }

    private static String day(@Nullable String instant) {
        return instant == null ? "unknown" : instant.length() >= 10 ? instant.substring(0, 10) : instant;
    }

    private static String resources(@Nullable String repositories) {
        return repositories == null ? "" : "\nREPOSITORIES (in your working directory, read them to find the cause):\n"
                + repositories + "\n";
    }

    private static String instructions(@Nullable String extra) {
        return extra == null || extra.isBlank() ? "" : "\nADDITIONAL INSTRUCTIONS:\n" + extra + "\n";
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "\n... (cut)";
    }
}
