package dev.triage.analysis.jobs;

import dev.triage.events.analysis.Totals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Writes a finished analysis in the API's result shape (the v2 fields plus our {@code totals} and signatures). */
final class ResultDocuments {

    private ResultDocuments() {
    }

    static Document completed(Totals totals, List<FailureGroup> groups, Map<String, Object> parameters, int maxFailures) {
        List<Document> failures = new ArrayList<>();
        List<Document> groupDocs = new ArrayList<>();
        int listed = 0;
        for (FailureGroup group : groups) {
            List<String> tests = group.failures().stream().map(FailureItem::testName).toList();
            Document analysis = new Document("classification", group.classification().category())
                    .append("affected_tests", tests)
                    .append("details", group.classification().reason())
                    .append("artifacts_evidence", "")
                    .append("confidence", group.classification().confidence())
                    .append("rule", group.classification().rule());
            for (FailureItem failure : group.failures()) {
                if (listed++ >= maxFailures) {
                    break;
                }
                failures.add(new Document("test_name", failure.testName())
                        .append("test_id", failure.testId())
                        .append("status", failure.outcome())
                        .append("error", failure.message())
                        .append("error_type", failure.exceptionType())
                        .append("error_signature", group.signature())
                        .append("rootcoz_signature", failure.legacySignature())
                        .append("analysis", analysis));
            }
            groupDocs.add(new Document("error_signature", group.signature())
                    .append("classification", group.classification().category())
                    .append("confidence", group.classification().confidence())
                    .append("reason", group.classification().reason())
                    .append("tests", tests.size() <= 50 ? tests : tests.subList(0, 50))
                    .append("test_count", tests.size()));
        }
        return new Document("status", "completed")
                .append("summary", summary(totals, groups))
                .append("ai_provider", String.valueOf(parameters.getOrDefault("ai_provider", "")))
                .append("ai_model", String.valueOf(parameters.getOrDefault("ai_model", "")))
                .append("failures", failures)
                .append("failures_truncated", listed > maxFailures)
                .append("failure_groups", groupDocs)
                .append("child_job_analyses", List.of())
                .append("token_usage", null)
                .append("totals", totals(totals));
    }

    static Document failed(String code, String message) {
        return new Document("status", "failed").append("summary", message)
                .append("error", new Document("code", code).append("message", message))
                .append("failures", List.of());
    }

    static String summary(Totals totals, List<FailureGroup> groups) {
        int failed = totals.failures() + totals.errors();
        if (failed == 0) {
            return "No failures in " + totals.tests() + " tests";
        }
        Map<String, Integer> byCategory = classificationCounts(groups);
        return failed + " failed test" + (failed == 1 ? "" : "s") + " in " + groups.size() + " group"
                + (groups.size() == 1 ? "" : "s") + " " + byCategory;
    }

    static Map<String, Integer> classificationCounts(List<FailureGroup> groups) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        groups.forEach(g -> counts.merge(g.classification().category(), 1, Integer::sum));
        return counts;
    }

    private static Document totals(Totals t) {
        return new Document("tests", t.tests()).append("passed", t.passed()).append("failures", t.failures())
                .append("errors", t.errors()).append("skipped", t.skipped()).append("flaky", t.flaky());
    }
}
