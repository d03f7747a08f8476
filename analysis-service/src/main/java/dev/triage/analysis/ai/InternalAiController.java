package dev.triage.analysis.ai;

import dev.triage.analysis.AnalysisProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The AI part of the internal API, called by the gateway only: what is configured (for {@code /api/capabilities},
 * {@code /ai-configs} and the submission check) and the token-usage reports behind {@code /api/admin/token-usage*}.
 */
@RestController
class InternalAiController {

    private final AiCalls calls;
    private final AnalysisProperties.Ai settings;
    private final TokenUsageReports reports;

    InternalAiController(AiCalls calls, AnalysisProperties properties, TokenUsageReports reports) {
        this.calls = calls;
        this.settings = properties.ai();
        this.reports = reports;
    }

    /** Providers by name with kind and default model; never a command line, URL or key. */
    @GetMapping("/internal/ai/capabilities")
    Map<String, Object> capabilities() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ai_enabled", !calls.providers().isEmpty());
        out.put("ai_providers", calls.providers().values().stream().map(p -> ordered("name", p.name(), "kind", p.kind(),
                "model", p.defaultModel())).toList());
        out.put("peer_ai_configs", settings.peers().stream().filter(p -> calls.provider(p.aiProvider()).isPresent())
                .map(p -> ordered("ai_provider", p.aiProvider(), "ai_model", p.aiModel())).toList());
        out.put("peer_analysis_max_rounds", settings.peerMaxRounds());
        out.put("max_concurrent_ai_calls", settings.maxConcurrentCalls());
        out.put("reject_unknown_ai_provider", settings.rejectUnknownProvider());
        return out;
    }

    /** The configured provider/model pairs, in the shape of {@code GET /ai-configs}. */
    @GetMapping("/internal/ai/configs")
    List<Map<String, String>> configs() {
        return calls.providers().values().stream().map(p -> ordered("ai_provider", p.name(), "ai_model", p.defaultModel()))
                .toList();
    }

    /** A map that keeps the order of its keys, so that answers read the same every time. */
    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @GetMapping("/internal/token-usage")
    Map<String, Object> usage(@RequestParam(name = "start_date", required = false) @Nullable String startDate,
            @RequestParam(name = "end_date", required = false) @Nullable String endDate,
            @RequestParam(name = "ai_provider", required = false) @Nullable String provider,
            @RequestParam(name = "ai_model", required = false) @Nullable String model,
            @RequestParam(name = "call_type", required = false) @Nullable String callType,
            @RequestParam(name = "group_by", required = false) @Nullable String groupBy) {
        return reports.usage(blankToNull(startDate), blankToNull(endDate), blankToNull(provider), blankToNull(model),
                blankToNull(callType), blankToNull(groupBy));
    }

    @GetMapping("/internal/token-usage/summary")
    Map<String, Object> summary() {
        return reports.summary(Instant.now());
    }

    @GetMapping("/internal/token-usage/{jobId}")
    Map<String, Object> job(@PathVariable String jobId) {
        return reports.job(jobId);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
