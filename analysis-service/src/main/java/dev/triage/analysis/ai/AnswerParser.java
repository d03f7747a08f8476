package dev.triage.analysis.ai;

import dev.triage.analysis.classify.Classification;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a model's answer against the answer schema, tolerantly: the whole text as JSON, then every fenced code block,
 * then every brace-delimited object from the last one backwards (models put prose before the JSON more often than after).
 * The first object that validates wins; nothing valid means no verdict.
 */
final class AnswerParser {

    static final Set<String> CATEGORIES = Set.of(Classification.CODE_ISSUE, Classification.PRODUCT_BUG,
            Classification.INFRASTRUCTURE);
    private static final Pattern FENCE = Pattern.compile("```(?:json|JSON)?\\s*\\n?(.*?)```", Pattern.DOTALL);
    private static final int MAX_FIELD_CHARS = 20_000;

    private final JsonMapper json;
    private final ObjectReader leading;

    AnswerParser(JsonMapper json) {
        this.json = json;
        this.leading = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    Optional<AiAnalysis> analysis(String text) {
        return firstValid(text, AnswerParser::toAnalysis);
    }

    Optional<PeerReview> review(String text) {
        return firstValid(text, AnswerParser::toReview);
    }

    /** The canonical category for loose spellings ({@code code_issue}, {@code Product Bug}), or null. */
    static @Nullable String category(String raw) {
        String normal = raw.strip().replace('_', ' ').replace('-', ' ').replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (normal.equals("INFRA")) {
            normal = Classification.INFRASTRUCTURE;
        }
        return CATEGORIES.contains(normal) ? normal : null;
    }

    private <T> Optional<T> firstValid(String text, Function<JsonNode, @Nullable T> validate) {
        T whole = tryParse(text.strip(), validate);
        if (whole != null) {
            return Optional.of(whole);
        }
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            T block = tryParse(fence.group(1).strip(), validate);
            if (block != null) {
                return Optional.of(block);
            }
        }
        for (int brace = text.lastIndexOf('{'); brace >= 0; brace = text.lastIndexOf('{', brace - 1)) {
            T embedded = tryParseLeading(text.substring(brace), validate);
            if (embedded != null) {
                return Optional.of(embedded);
            }
            if (brace == 0) {
                break;
            }
        }
        return Optional.empty();
    }

    private <T> @Nullable T tryParse(String candidate, Function<JsonNode, @Nullable T> validate) {
        if (!candidate.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(candidate);
            return node != null && node.isObject() ? validate.apply(node) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Parses the first JSON value of {@code candidate} and ignores whatever prose follows it. */
    private <T> @Nullable T tryParseLeading(String candidate, Function<JsonNode, @Nullable T> validate) {
        try {
            JsonNode node = leading.readTree(candidate);
            return node != null && node.isObject() ? validate.apply(node) : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static @Nullable AiAnalysis toAnalysis(JsonNode node) {
        String category = category(node.path("classification").asString(""));
        String details = clip(node.path("details").asString(""));
        if (category == null || details.isBlank()) {
            return null;
        }
        return new AiAnalysis(category, details, clip(node.path("artifacts_evidence").asString("")),
                object(node.path("code_fix")), object(node.path("product_bug_report")));
    }

    private static @Nullable PeerReview toReview(JsonNode node) {
        JsonNode agrees = node.path("agrees");
        String category = category(node.path("classification").asString(""));
        if (!agrees.isBoolean() || category == null) {
            return null;
        }
        return new PeerReview(agrees.asBoolean(), category, clip(node.path("reasoning").asString("")));
    }

    /** A nested object as plain values (strings, numbers, lists), or null when absent, false or not an object. */
    private static @Nullable Map<String, Object> object(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                out.put(field.getKey(), value.values().stream().map(v -> clip(v.isString() ? v.asString() : v.toString()))
                        .limit(50).toList());
            } else if (value.isNumber()) {
                out.put(field.getKey(), value.numberValue());
            } else if (value.isBoolean()) {
                out.put(field.getKey(), value.asBoolean());
            } else if (!value.isNull()) {
                out.put(field.getKey(), clip(value.isString() ? value.asString() : value.toString()));
            }
        }
        return out;
    }

    private static String clip(String text) {
        return text.length() <= MAX_FIELD_CHARS ? text : text.substring(0, MAX_FIELD_CHARS) + "...";
    }
}
