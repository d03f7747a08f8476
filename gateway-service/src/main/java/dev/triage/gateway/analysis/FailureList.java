package dev.triage.gateway.analysis;

import dev.triage.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates the {@code failures[]} of a request and writes them in one normal form for the worker. */
final class FailureList {

    /** More failures than this in one request are refused; larger sets are sent as a report. */
    static final int MAX_FAILURES = 20_000;

    private FailureList() {
    }

    static List<Map<String, Object>> normalise(JsonNode failures) {
        if (!failures.isArray()) {
            throw invalid("failures must be an array", -1);
        }
        if (failures.isEmpty()) {
            throw invalid("failures must not be empty", -1);
        }
        if (failures.size() > MAX_FAILURES) {
            throw ApiException.unprocessable("too_many_failures", "At most " + MAX_FAILURES + " failures per request",
                    Map.of("limit", MAX_FAILURES));
        }
        List<Map<String, Object>> normal = new ArrayList<>(failures.size());
        for (int i = 0; i < failures.size(); i++) {
            JsonNode failure = failures.get(i);
            if (!failure.isObject()) {
                throw invalid("each failure must be an object", i);
            }
            JsonNode name = failure.get("test_name");
            if (name == null || !name.isString() || name.asString().isBlank()) {
                throw invalid("test_name is required", i);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("test_name", name.asString());
            entry.put("error_message", text(failure, "error_message", i));
            entry.put("stack_trace", text(failure, "stack_trace", i));
            entry.put("duration", number(failure, i));
            String status = text(failure, "status", i);
            entry.put("status", status.isEmpty() ? "FAILED" : status);
            normal.add(entry);
        }
        return normal;
    }

    private static String text(JsonNode failure, String field, int index) {
        JsonNode value = failure.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string", index);
        }
        return value.asString();
    }

    private static double number(JsonNode failure, int index) {
        JsonNode value = failure.get("duration");
        if (value == null || value.isNull()) {
            return 0.0;
        }
        if (!value.isNumber() || value.asDouble() < 0) {
            throw invalid("duration must be a non-negative number of seconds", index);
        }
        return value.asDouble();
    }

    private static ApiException invalid(String message, int index) {
        Map<String, Object> details = index < 0 ? Map.of("field", "failures")
                : Map.of("field", "failures[" + index + "]");
        return ApiException.unprocessable("validation_error", message, details);
    }
}
