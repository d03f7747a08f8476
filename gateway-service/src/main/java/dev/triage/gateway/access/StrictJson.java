package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodies of the access endpoints, read strictly: an object with only known fields of the right types. Unknown fields
 * and wrong types are 422 naming the field, never echoing the value; duplicate keys and non-objects are 400.
 */
final class StrictJson {

    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final JsonNode body;

    private StrictJson(JsonNode body) {
        this.body = body;
    }

    static StrictJson parse(@Nullable String text, Set<String> allowed) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                unknown.add(name.length() > 64 ? name.substring(0, 64) : name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid("Unknown fields", unknown);
        }
        return new StrictJson(node);
    }

    @Nullable String string(String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString() || v.asString().length() > maxLength) {
            throw invalid("Must be a string of at most " + maxLength + " characters", List.of(field));
        }
        return v.asString();
    }

    String requiredString(String field, int maxLength) {
        String s = string(field, maxLength);
        if (s == null || s.isBlank()) {
            throw invalid("Required", List.of(field));
        }
        return s;
    }

    @Nullable Integer integer(String field, int min, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw invalid("Must be an integer from " + min + " to " + max, List.of(field));
        }
        return v.asInt();
    }

    @Nullable Set<String> strings(String field, int maxItems, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw invalid("Must be an array of at most " + maxItems + " strings", List.of(field));
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : v) {
            if (!item.isString() || item.asString().length() > maxLength) {
                throw invalid("Must be an array of strings", List.of(field));
            }
            out.add(item.asString());
        }
        return out;
    }

    boolean has(String field) {
        return body.has(field);
    }

    static ApiException invalid(String message, List<String> fields) {
        return ApiException.unprocessable("validation_error", message, Map.of("fields", fields));
    }
}
