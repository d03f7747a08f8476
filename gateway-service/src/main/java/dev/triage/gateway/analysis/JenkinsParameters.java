package dev.triage.gateway.analysis;

import dev.triage.gateway.GatewayProperties;
import dev.triage.platform.net.NetworkGuard;
import dev.triage.platform.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The Jenkins fields of {@code POST /analyze}: validated, with the server's defaults filled in for the polling fields
 * (so the stored {@code request_params} say what was in effect). {@code jenkins_user} and {@code jenkins_password} are
 * never among them: they are sealed separately.
 */
final class JenkinsParameters {

    /** Fields kept in {@code request_params} besides the shared ones. */
    static final List<String> KEPT = List.of("force", "wait_for_completion", "poll_interval_minutes", "max_wait_minutes",
            "jenkins_url", "jenkins_ssl_verify", "jenkins_timeout", "jenkins_artifacts_max_size_mb", "get_job_artifacts");

    private JenkinsParameters() {
    }

    static Map<String, Object> of(JsonNode body, GatewayProperties.Jenkins defaults, NetworkGuard guard) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode job = body.get("job_name");
        if (job == null || !job.isString() || job.asString().isBlank()) {
            throw invalid("job_name", "job_name is required: the Jenkins job, folder style (folder/job)");
        }
        String name = job.asString().trim();
        if (name.length() > 512 || name.chars().anyMatch(c -> c < 0x20) || List.of(name.split("/")).contains("..")
                || name.contains("//") || name.startsWith("/")) {
            throw invalid("job_name", "job_name must be a Jenkins job name such as folder/job");
        }
        out.put("job_name", name);
        out.put("build_number", integer(body, "build_number", null, 1, Integer.MAX_VALUE));
        out.put("force", bool(body, "force", false));
        out.put("wait_for_completion", bool(body, "wait_for_completion", defaults.waitForCompletion()));
        out.put("poll_interval_minutes", integer(body, "poll_interval_minutes", defaults.pollIntervalMinutes(), 1, 1440));
        out.put("max_wait_minutes", integer(body, "max_wait_minutes", defaults.maxWaitMinutes(), 0, 7 * 1440));
        putIfGiven(out, "jenkins_ssl_verify", body.has("jenkins_ssl_verify") && !body.get("jenkins_ssl_verify").isNull()
                ? bool(body, "jenkins_ssl_verify", true) : null);
        putIfGiven(out, "jenkins_timeout", optionalInteger(body, "jenkins_timeout", 1, 600));
        putIfGiven(out, "jenkins_artifacts_max_size_mb", optionalInteger(body, "jenkins_artifacts_max_size_mb", 1, 1024));
        putIfGiven(out, "get_job_artifacts", body.has("get_job_artifacts") && !body.get("get_job_artifacts").isNull()
                ? bool(body, "get_job_artifacts", false) : null);
        JsonNode url = body.get("jenkins_url");
        if (url != null && !url.isNull()) {
            out.put("jenkins_url", checkedUrl(url, guard));
        }
        for (String secret : List.of("jenkins_user", "jenkins_password")) {
            JsonNode value = body.get(secret);
            if (value != null && !value.isNull() && (!value.isString() || value.asString().length() > 4096)) {
                throw invalid(secret, secret + " must be a string");
            }
        }
        return out;
    }

    private static String checkedUrl(JsonNode url, NetworkGuard guard) {
        if (!url.isString() || url.asString().length() > 2048) {
            throw invalid("jenkins_url", "jenkins_url must be an http or https URL");
        }
        URI uri;
        try {
            uri = new URI(url.asString().trim());
        } catch (URISyntaxException e) {
            throw invalid("jenkins_url", "jenkins_url must be an http or https URL");
        }
        try {
            guard.check(uri);
        } catch (NetworkGuard.Blocked blocked) {
            throw ApiException.unprocessable("ssrf_blocked", "jenkins_url is not allowed: " + blocked.getMessage(),
                    Map.of("field", "jenkins_url"));
        }
        return uri.toString();
    }

    private static void putIfGiven(Map<String, Object> out, String name, Object value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static boolean bool(JsonNode body, String name, boolean fallback) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(name, name + " must be true or false");
        }
        return value.asBoolean();
    }

    private static int integer(JsonNode body, String name, Integer fallback, int min, int max) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw invalid(name, name + " is required");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw invalid(name, name + " must be an integer from " + min + " to " + max);
        }
        return value.asInt();
    }

    private static Integer optionalInteger(JsonNode body, String name, int min, int max) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : integer(body, name, null, min, max);
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.unprocessable("validation_error", message, Map.of("field", field));
    }
}
