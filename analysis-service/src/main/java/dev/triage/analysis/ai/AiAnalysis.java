package dev.triage.analysis.ai;

import java.util.Map;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * An AI verdict on one failure group, validated: the classification is one of the three, the details are not blank.
 *
 * @param classification    {@code CODE ISSUE}, {@code PRODUCT BUG} or {@code INFRASTRUCTURE}
 * @param details           the analysis text
 * @param artifactsEvidence verbatim evidence the model quotes, may be empty
 * @param codeFix           {@code {file, line, change}} for a code issue, or null
 * @param productBugReport  {@code {title, severity, component, description, evidence, jira_search_keywords}} for a
 *                          product bug, or null
 */
record AiAnalysis(String classification, String details, String artifactsEvidence,
        @Nullable Map<String, Object> codeFix, @Nullable Map<String, Object> productBugReport) {

    Document toDocument() {
        return new Document("classification", classification).append("details", details)
                .append("artifacts_evidence", artifactsEvidence)
                .append("code_fix", codeFix == null ? null : new Document(codeFix))
                .append("product_bug_report", productBugReport == null ? null : new Document(productBugReport));
    }

    @SuppressWarnings("unchecked")
    static AiAnalysis fromDocument(Document doc) {
        Object fix = doc.get("code_fix");
        Object bug = doc.get("product_bug_report");
        return new AiAnalysis(doc.getString("classification"), doc.getString("details"),
                doc.get("artifacts_evidence") == null ? "" : doc.getString("artifacts_evidence"),
                fix instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
                bug instanceof Map<?, ?> m ? (Map<String, Object>) m : null);
    }
}
