package dev.triage.gateway.analysis;

import dev.triage.platform.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared analysis fields of the API: which are kept in {@code request_params}, which are secrets (never stored,
 * logged or sent in events), and how they are validated.
 */
final class AnalysisParameters {

    /** Shared fields kept with the job and passed to the worker. */
    static final Set<String> SHARED = Set.of("tests_repo_url", "ai_provider", "ai_model", "enable_jira", "ai_cli_timeout",
            "max_concurrent_ai_calls", "jira_url", "jira_project_key", "jira_ssl_verify", "jira_max_results", "raw_prompt",
            "peer_ai_configs", "peer_analysis_max_rounds", "additional_repos", "report_format", "job_name", "build_number");

    /** Credentials a request may carry; they are dropped from everything stored or published. */
    static final Set<String> SECRETS = Set.of("tests_repo_token", "jira_email", "jira_api_token", "jira_pat", "jira_token",
            "github_token", "jenkins_password", "jenkins_user", "reportportal_api_token");

    /** What a provider name may look like; which names are accepted is decided with the configuration (AiCapabilities). */
    static final Pattern AI_PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    /** {@code junit} (default) reads JUnit/xUnit XML only; {@code auto} also reads NUnit 3, Robot, xUnit v2 and TRX. */
    static final List<String> REPORT_FORMATS = List.of("junit", "auto");

    private AnalysisParameters() {
    }

    /** The shared fields of a request body, validated; secrets and unknown fields are left out. */
    static Map<String, Object> sharedFieldsOf(JsonNode body, JsonMapper json) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String name : body.propertyNames()) {
            JsonNode value = body.get(name);
            if (SHARED.contains(name) && !value.isNull()) {
                kept.put(name, json.treeToValue(value, Object.class));
            }
        }
        validate(kept);
        withoutRepoTokens(kept);
        return kept;
    }

    /** {@code additional_repos[].token} is a credential like the others: it never reaches the registry or an event. */
    @SuppressWarnings("unchecked")
    private static void withoutRepoTokens(Map<String, Object> kept) {
        if (kept.get("additional_repos") instanceof List<?> repos) {
            kept.put("additional_repos", repos.stream().map(r -> {
                if (r instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                    copy.remove("token");
                    return copy;
                }
                return r;
            }).toList());
        }
    }

    /** The same, from query parameters of a plain XML upload. */
    static Map<String, Object> sharedFieldsOf(Map<String, String> query) {
        Map<String, Object> kept = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (SHARED.contains(name) && value != null && !value.isBlank()) {
                kept.put(name, value);
            }
        });
        validate(kept);
        return kept;
    }

    private static void validate(Map<String, Object> fields) {
        Object provider = fields.get("ai_provider");
        if (provider != null && !AI_PROVIDER_NAME.matcher(provider.toString()).matches()) {
            throw ApiException.unprocessable("validation_error", "ai_provider must be a provider name such as claude",
                    Map.of("field", "ai_provider"));
        }
        Object format = fields.get("report_format");
        if (format != null && !REPORT_FORMATS.contains(format.toString())) {
            throw ApiException.unprocessable("validation_error", "report_format must be one of " + REPORT_FORMATS,
                    Map.of("field", "report_format", "allowed", REPORT_FORMATS));
        }
        Object rounds = fields.get("peer_analysis_max_rounds");
        if (rounds != null && !(rounds instanceof Integer r && r >= 1 && r <= 10)) {
            throw ApiException.unprocessable("validation_error", "peer_analysis_max_rounds must be an integer from 1 to 10",
                    Map.of("field", "peer_analysis_max_rounds"));
        }
    }
}
