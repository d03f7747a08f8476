package dev.triage.history.tests;

import java.util.List;
import org.bson.Document;

/**
 * A label computed from evidence.
 *
 * @param label    FLAKY, REGRESSION, KNOWN_BUG, INTERMITTENT or INFRASTRUCTURE
 * @param reason   why, in snake_case (e.g. {@code same_build_mixed})
 * @param evidence the jobs whose runs show it
 */
public record Label(String label, String reason, List<String> evidence) {

    public static final String FLAKY = "FLAKY";
    public static final String REGRESSION = "REGRESSION";
    public static final String KNOWN_BUG = "KNOWN_BUG";
    public static final String INTERMITTENT = "INTERMITTENT";
    public static final String INFRASTRUCTURE = "INFRASTRUCTURE";

    public Label {
        evidence = List.copyOf(evidence);
    }

    Document toDocument() {
        return new Document("label", label).append("reason", reason).append("evidence", evidence);
    }

    @SuppressWarnings("unchecked")
    public static Label of(Document d) {
        return new Label(d.getString("label"), d.getString("reason"), (List<String>) d.get("evidence"));
    }
}
