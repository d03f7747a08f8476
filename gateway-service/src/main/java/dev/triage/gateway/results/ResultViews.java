package dev.triage.gateway.results;

import dev.triage.gateway.GatewayProperties;
import dev.triage.gateway.ai.AiCapabilities;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds the API's JSON views of jobs and results. */
@Component
public class ResultViews {

    private final GatewayProperties properties;
    private final JsonMapper json;
    private final AiCapabilities ai;

    public ResultViews(GatewayProperties properties, JsonMapper json, AiCapabilities ai) {
        this.properties = properties;
        this.json = json;
        this.ai = ai;
    }

    public String baseUrl() {
        return properties.publicBaseUrl();
    }

    public String resultUrl(String jobId) {
        return properties.publicBaseUrl() + "/results/" + jobId;
    }

    /** The wrapper of {@code GET /results/{job_id}}; {@code stored} is the analysis service's result, if any. */
    public ObjectNode envelope(Job job, @Nullable ObjectNode stored) {
        ObjectNode out = json.createObjectNode();
        out.put("job_id", job.id());
        // the build's URL once the worker read it, else what the request named
        out.put("jenkins_url", stored != null && stored.path("jenkins_url").isString() ? stored.get("jenkins_url").asString()
                : jenkinsUrl(job));
        out.put("status", job.status());
        out.set("result", result(job, stored));
        out.put("created_at", job.createdAt().toString());
        out.put("analysis_started_at", job.startedAt() == null ? null : job.startedAt().toString());
        out.put("completed_at", job.completedAt() == null ? null : job.completedAt().toString());
        out.set("capabilities", json.valueToTree(capabilities()));
        out.put("base_url", baseUrl());
        out.put("result_url", resultUrl(job.id()));
        return out;
    }

    /** The body of a synchronous {@code POST /analyze-failures}: the result's fields with the job's. */
    public ObjectNode synchronous(Job job, @Nullable ObjectNode stored) {
        ObjectNode out = result(job, stored);
        out.put("job_id", job.id());
        out.put("status", job.status());
        out.put("base_url", baseUrl());
        out.put("result_url", resultUrl(job.id()));
        return out;
    }

    /** The 202 body for a job that is still queued or running. */
    public Map<String, Object> queued(Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.id());
        out.put("status", "queued");
        out.put("message", "Analysis queued; poll " + resultUrl(job.id()) + " or stream " + resultUrl(job.id()) + "/events");
        out.put("base_url", baseUrl());
        out.put("result_url", resultUrl(job.id()));
        return out;
    }

    /** One row of {@code GET /results}. */
    public Map<String, Object> row(Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.id());
        out.put("jenkins_url", jenkinsUrl(job));
        out.put("status", job.status());
        out.put("created_at", job.createdAt().toString());
        out.put("completed_at", job.completedAt() == null ? null : job.completedAt().toString());
        out.put("summary", job.summary());
        out.put("totals", job.totals());
        return out;
    }

    /**
     * The build's URL of a Jenkins job ({@code <base>/job/<folder>/job/<name>/<number>/}) from the request's or the
     * server's Jenkins base URL; empty for other jobs or when no base is known.
     */
    String jenkinsUrl(Job job) {
        Map<String, Object> params = job.requestParams();
        Object requested = params.get("jenkins_url");
        String base = requested != null ? requested.toString() : properties.jenkins().url();
        Object name = params.get("job_name");
        Object number = params.get("build_number");
        if (!"jenkins".equals(job.kind()) || base.isBlank() || name == null || number == null) {
            return requested == null ? "" : requested.toString();
        }
        StringBuilder url = new StringBuilder(base.endsWith("/") ? base : base + "/");
        for (String segment : name.toString().split("/")) {
            if (!segment.isEmpty()) {
                url.append("job/").append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")).append('/');
            }
        }
        return url.append(number).append('/').toString();
    }

    private ObjectNode result(Job job, @Nullable ObjectNode stored) {
        ObjectNode result = stored != null ? stored.deepCopy() : json.createObjectNode();
        result.remove("job_id");
        if (!result.has("summary") && job.summary() != null) {
            result.put("summary", job.summary());
        }
        if (!result.has("totals") && job.totals() != null) {
            result.set("totals", json.valueToTree(job.totals()));
        }
        if (job.error() != null) {
            result.put("status", JobStatus.isFinished(job.status()) ? job.status() : JobStatus.FAILED);
            result.set("error", json.valueToTree(Map.of("code", job.error().code(), "message", job.error().message())));
        }
        result.set("request_params", json.valueToTree(job.requestParams()));
        result.put("progress_phase", job.phase());
        result.set("progress_log", json.valueToTree(progressLog(job)));
        return result;
    }

    private static List<Map<String, Object>> progressLog(Job job) {
        return job.progressLog().stream().map(entry -> Map.<String, Object>of("phase", entry.phase(),
                "message", entry.message(), "timestamp", entry.timestamp().toString())).toList();
    }

    /**
     * The capabilities object of {@code GET /api/capabilities} and of result envelopes: the spec's tracker flags, and
     * what is configured for AI ({@code ai_enabled}, {@code ai_providers}, default peers and rounds, the global cap).
     */
    public Map<String, Object> capabilities() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("github_issues_enabled", false);
        out.put("jira_issues_enabled", false);
        out.put("server_github_token", false);
        out.put("server_jira_token", false);
        out.put("server_jira_email", false);
        out.put("server_jira_project_key", "");
        out.put("reportportal", false);
        out.put("reportportal_project", "");
        out.put("feedback_enabled", false);
        out.putAll(ai.fields());
        return out;
    }
}
