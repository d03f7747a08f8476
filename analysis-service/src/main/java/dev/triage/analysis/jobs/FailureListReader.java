package dev.triage.analysis.jobs;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the normal form of a {@code failures[]} request that the gateway stored. */
final class FailureListReader {

    private FailureListReader() {
    }

    static AnalysisInput read(InputStream in, JsonMapper json, FailureSigner signer) throws IOException {
        JsonNode list;
        try {
            list = json.readTree(in);
        } catch (JacksonException e) {
            throw new JobFailure("invalid_payload", "The stored failure list is not valid JSON");
        }
        if (list == null || !list.isArray()) {
            throw new JobFailure("invalid_payload", "The stored failure list is not a JSON array");
        }
        List<FailureItem> failures = new ArrayList<>();
        List<TestOutcome> outcomes = new ArrayList<>();
        int errors = 0;
        for (JsonNode failure : list) {
            String name = failure.path("test_name").asString("");
            String message = failure.path("error_message").asString("");
            String stack = failure.path("stack_trace").asString("");
            long millis = Math.round(failure.path("duration").asDouble(0) * 1000);
            String status = failure.path("status").asString("FAILED").toUpperCase(Locale.ROOT);
            String outcome = status.contains("ERROR") ? "error" : "failed";
            if (outcome.equals("error")) {
                errors++;
            }
            FailureItem item = signer.sign(name, name, outcome, millis, null, message, stack);
            failures.add(item);
            outcomes.add(new TestOutcome(name, null, outcome, millis, item.signature(), FailureSigner.excerpt(message)));
        }
        Totals totals = new Totals(failures.size(), 0, failures.size() - errors, errors, 0, 0);
        return new AnalysisInput(totals, outcomes, failures);
    }
}
