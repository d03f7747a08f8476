package dev.triage.analysis.jobs;

import dev.triage.analysis.classify.Classification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Failures that share a normalised signature, and so a root cause, with the verdict on them.
 *
 * @param signature      the shared signature
 * @param failures       the failures, in input order; the first is the representative
 * @param classification the verdict, null until classified
 */
record FailureGroup(String signature, List<FailureItem> failures, Classification classification) {

    /** Groups failures by signature, keeping the order in which each signature first appeared. */
    static List<List<FailureItem>> bySignature(List<FailureItem> failures) {
        Map<String, List<FailureItem>> groups = new LinkedHashMap<>();
        for (FailureItem failure : failures) {
            groups.computeIfAbsent(failure.signature(), s -> new ArrayList<>()).add(failure);
        }
        return List.copyOf(groups.values());
    }

    FailureItem representative() {
        return failures.getFirst();
    }
}
