package dev.triage.gateway.history;

import dev.triage.gateway.access.Principal;
import dev.triage.gateway.access.Principals;
import dev.triage.gateway.services.HistoryClient;
import dev.triage.platform.web.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The history, results-feedback and job-metadata routes of the v2 API, served by the history service. */
@RestController
class HistoryRoutes {

    static final int MAX_FAILURES_LIMIT = 200;
    static final int MAX_TEST_LIMIT = 100;

    private final HistoryClient history;

    HistoryRoutes(HistoryClient history) {
        this.history = history;
    }

    @GetMapping("/history/failures")
    ResponseEntity<JsonNode> failures(@RequestParam(defaultValue = "") String search,
            @RequestParam(name = "job_name", defaultValue = "") String jobName,
            @RequestParam(defaultValue = "") String classification,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        page(limit, MAX_FAILURES_LIMIT, offset);
        return get("/internal/history/failures", query("search", search, "job_name", jobName, "classification", classification,
                "limit", limit, "offset", offset));
    }

    @GetMapping("/history/test/{*testName}")
    ResponseEntity<JsonNode> test(@PathVariable String testName, @RequestParam(defaultValue = "20") int limit,
            @RequestParam(name = "job_name", defaultValue = "") String jobName,
            @RequestParam(name = "exclude_job_id", defaultValue = "") String excludeJobId) {
        page(limit, MAX_TEST_LIMIT, 0);
        return get("/internal/history/test", query("test_name", stripSlash(testName), "limit", limit, "job_name", jobName,
                "exclude_job_id", excludeJobId));
    }

    @GetMapping("/history/search")
    ResponseEntity<JsonNode> search(@RequestParam String signature,
            @RequestParam(name = "exclude_job_id", defaultValue = "") String excludeJobId) {
        return get("/internal/history/search", query("signature", signature, "exclude_job_id", excludeJobId));
    }

    @GetMapping("/history/stats/{*jobName}")
    ResponseEntity<JsonNode> stats(@PathVariable String jobName,
            @RequestParam(name = "exclude_job_id", defaultValue = "") String excludeJobId) {
        return get("/internal/history/stats", query("job_name", stripSlash(jobName), "exclude_job_id", excludeJobId));
    }

    @PostMapping("/history/classify")
    ResponseEntity<JsonNode> classify(@RequestBody JsonNode body) {
        return send(HttpMethod.POST, "/internal/history/classify", body);
    }

    @GetMapping("/history/classifications")
    ResponseEntity<JsonNode> classifications(@RequestParam(name = "test_name", defaultValue = "") String testName,
            @RequestParam(defaultValue = "") String classification,
            @RequestParam(name = "job_name", defaultValue = "") String jobName,
            @RequestParam(name = "parent_job_name", defaultValue = "") String parentJobName,
            @RequestParam(name = "job_id", defaultValue = "") String jobId) {
        return get("/internal/history/classifications", query("test_name", testName, "classification", classification,
                "job_name", jobName, "parent_job_name", parentJobName, "job_id", jobId));
    }

    @GetMapping("/api/dashboard")
    ResponseEntity<JsonNode> dashboard() {
        return get("/internal/dashboard", Map.of());
    }

    @GetMapping("/results/{jobId}/comments")
    ResponseEntity<JsonNode> comments(@PathVariable String jobId) {
        return get("/internal/results/" + segment(jobId) + "/comments", Map.of());
    }

    @PostMapping("/results/{jobId}/comments")
    ResponseEntity<JsonNode> comment(@PathVariable String jobId, @RequestBody JsonNode body) {
        return send(HttpMethod.POST, "/internal/results/" + segment(jobId) + "/comments", body);
    }

    @DeleteMapping("/results/{jobId}/comments/{commentId}")
    ResponseEntity<JsonNode> deleteComment(@PathVariable String jobId, @PathVariable long commentId) {
        return send(HttpMethod.DELETE, "/internal/results/" + segment(jobId) + "/comments/" + commentId, null);
    }

    @PutMapping("/results/{jobId}/reviewed")
    ResponseEntity<JsonNode> reviewed(@PathVariable String jobId, @RequestBody JsonNode body) {
        return send(HttpMethod.PUT, "/internal/results/" + segment(jobId) + "/reviewed", body);
    }

    @GetMapping("/results/{jobId}/review-status")
    ResponseEntity<JsonNode> reviewStatus(@PathVariable String jobId) {
        return get("/internal/results/" + segment(jobId) + "/review-status", Map.of());
    }

    @PutMapping("/results/{jobId}/override-classification")
    ResponseEntity<JsonNode> override(@PathVariable String jobId, @RequestBody JsonNode body) {
        return send(HttpMethod.PUT, "/internal/results/" + segment(jobId) + "/override-classification", body);
    }

    private ResponseEntity<JsonNode> get(String path, Map<String, ? extends @Nullable Object> query) {
        Principal caller = Principals.current();
        return history.call(HttpMethod.GET, path, query, null, caller.actor(), caller.isAdmin());
    }

    private ResponseEntity<JsonNode> send(HttpMethod method, String path, @Nullable JsonNode body) {
        if (body != null && !body.isObject()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid_json",
                    "The request body must be a JSON object", Map.of());
        }
        Principal caller = Principals.current();
        return history.call(method, path, Map.of(), body, caller.actor(), caller.isAdmin());
    }

    static void page(int limit, int maxLimit, int offset) {
        if (limit < 1 || limit > maxLimit || offset < 0) {
            throw ApiException.unprocessable("validation_error", "limit must be 1.." + maxLimit + " and offset >= 0",
                    Map.of("parameters", List.of("limit", "offset"), "max_limit", maxLimit));
        }
    }

    /** Query parameters from name/value pairs; empty strings are left out (the spec's "" default means no filter). */
    static Map<String, Object> query(Object... pairs) {
        Map<String, Object> query = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (!(value instanceof String s && s.isEmpty())) {
                query.put((String) pairs[i], value);
            }
        }
        return query;
    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String captured) {
        return captured.startsWith("/") ? captured.substring(1) : captured;
    }
}
