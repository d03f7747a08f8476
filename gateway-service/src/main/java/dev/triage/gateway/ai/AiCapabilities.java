package dev.triage.gateway.ai;

import dev.triage.gateway.services.AnalysisClient;
import dev.triage.platform.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the analysis service has configured for AI, asked at most every {@link #REFRESH} and remembered, so that result
 * envelopes and submissions cost no extra call. When the analysis service cannot be asked, the last answer stands (or
 * "no AI" before the first one).
 */
@Component
public class AiCapabilities {

    static final Duration REFRESH = Duration.ofSeconds(30);
    /** The names rootcoz clients may send; always accepted, whatever is configured. */
    public static final List<String> ROOTCOZ_PROVIDERS = List.of("claude", "gemini", "cursor");

    private final AnalysisClient analysis;
    private volatile ObjectNode known = JsonNodeFactory.instance.objectNode();
    private volatile Instant fetchedAt = Instant.EPOCH;

    AiCapabilities(AnalysisClient analysis) {
        this.analysis = analysis;
    }

    /** The analysis service's answer of {@code /internal/ai/capabilities}. */
    ObjectNode current() {
        if (Duration.between(fetchedAt, Instant.now()).compareTo(REFRESH) > 0) {
            try {
                var answer = analysis.get("/internal/ai/capabilities", Map.of());
                if (answer.getStatusCode().is2xxSuccessful() && answer.getBody() instanceof ObjectNode body) {
                    known = body;
                }
            } catch (ApiException unavailable) {
                // keep the last answer; capabilities are advisory and must not fail result reads
            }
            fetchedAt = Instant.now();
        }
        return known;
    }

    /** The AI fields added to the capabilities object of {@code /api/capabilities} and result envelopes. */
    public Map<String, Object> fields() {
        ObjectNode now = current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ai_enabled", now.path("ai_enabled").asBoolean(false));
        out.put("ai_providers", now.path("ai_providers").isArray() ? now.get("ai_providers") : List.of());
        out.put("peer_ai_configs", now.path("peer_ai_configs").isArray() ? now.get("peer_ai_configs") : List.of());
        out.put("peer_analysis_max_rounds", now.path("peer_analysis_max_rounds").asInt(3));
        out.put("max_concurrent_ai_calls", now.path("max_concurrent_ai_calls").asInt(0));
        return out;
    }

    /** Configured provider names. */
    public Set<String> configured() {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode provider : current().path("ai_providers").values()) {
            names.add(provider.path("name").asString(""));
        }
        return names;
    }

    /**
     * Checks a request's {@code ai_provider} and each {@code peer_ai_configs[].ai_provider}: rootcoz's names and
     * configured names are accepted (422 otherwise); a rootcoz name that is not configured is refused with 400 only when
     * the operator set {@code triage.analysis.ai.reject-unknown-provider}.
     */
    public void check(Map<String, Object> parameters) {
        Object provider = parameters.get("ai_provider");
        if (provider == null) {
            return;
        }
        String name = provider.toString();
        Set<String> configured = configured();
        if (!ROOTCOZ_PROVIDERS.contains(name) && !configured.contains(name)) {
            Set<String> allowed = new LinkedHashSet<>(ROOTCOZ_PROVIDERS);
            allowed.addAll(configured);
            throw ApiException.unprocessable("validation_error", "ai_provider must be one of " + allowed,
                    Map.of("field", "ai_provider", "allowed", List.copyOf(allowed)));
        }
        if (!configured.contains(name) && current().path("reject_unknown_ai_provider").asBoolean(false)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ai_provider_not_configured", "AI provider " + name
                    + " is not configured on this server", Map.of("field", "ai_provider", "configured", List.copyOf(configured)));
        }
    }
}
