package dev.triage.gateway.ai;

import dev.triage.gateway.services.AnalysisClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /ai-configs} and the admin token-usage reports, which the analysis service computes from its
 * {@code token_usage} records ({@code GET /api/capabilities} is with the results, whose envelopes carry the same object).
 */
@RestController
class AiRoutes {

    private final AnalysisClient analysis;

    AiRoutes(AnalysisClient analysis) {
        this.analysis = analysis;
    }

    /** The configured provider/model pairs ({@code [{ai_provider, ai_model}]}). */
    @GetMapping("/ai-configs")
    ResponseEntity<JsonNode> aiConfigs() {
        return analysis.get("/internal/ai/configs", Map.of());
    }

    @GetMapping("/api/admin/token-usage")
    ResponseEntity<JsonNode> usage(@RequestParam(name = "start_date", required = false) @Nullable String startDate,
            @RequestParam(name = "end_date", required = false) @Nullable String endDate,
            @RequestParam(name = "ai_provider", required = false) @Nullable String provider,
            @RequestParam(name = "ai_model", required = false) @Nullable String model,
            @RequestParam(name = "call_type", required = false) @Nullable String callType,
            @RequestParam(name = "group_by", required = false) @Nullable String groupBy) {
        Map<String, @Nullable Object> query = new LinkedHashMap<>();
        query.put("start_date", startDate);
        query.put("end_date", endDate);
        query.put("ai_provider", provider);
        query.put("ai_model", model);
        query.put("call_type", callType);
        query.put("group_by", groupBy);
        return analysis.get("/internal/token-usage", query);
    }

    @GetMapping("/api/admin/token-usage/summary")
    ResponseEntity<JsonNode> summary() {
        return analysis.get("/internal/token-usage/summary", Map.of());
    }

    @GetMapping("/api/admin/token-usage/{jobId}")
    ResponseEntity<JsonNode> job(@PathVariable String jobId) {
        return analysis.get("/internal/token-usage/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20"),
                Map.of());
    }
}
