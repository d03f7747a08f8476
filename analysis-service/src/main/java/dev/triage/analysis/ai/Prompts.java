package dev.triage.analysis.ai;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The prompts. What a provider sees: the signature, the affected test names, the error type and message, the top of
 * the stack, the console lines around the error (Jenkins builds), the request's extra instructions
 * ({@code raw_prompt}) and, when a tests repository was cloned, its location in the working directory. Nothing else:
 * no credentials, no other jobs' data.
 */
final class Prompts {

    /** The failure of one group, as the prompts show it. */
    record Failure(String signature, List<String> tests, @Nullable String exceptionType, String message, String stack,
            String console) {
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
        return out.toString();
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
