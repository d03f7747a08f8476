package dev.triage.gateway.history;

import dev.triage.gateway.access.Principal;
import dev.triage.gateway.access.Principals;
import dev.triage.gateway.services.HistoryClient;
import dev.triage.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
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

/**
 * Job metadata routes. Job names are folder-style ({@code folder/sub/job}), so the per-job routes take the rest of the
 * path and require it to end in {@code /metadata}; the literal routes ({@code /api/jobs/metadata/...}) win over it.
 */
@RestController
class JobMetadataRoutes {

    private static final String SUFFIX = "/metadata";

    private final HistoryClient history;

    JobMetadataRoutes(HistoryClient history) {
        this.history = history;
    }

    @GetMapping("/api/jobs/metadata")
    ResponseEntity<JsonNode> list(@RequestParam(defaultValue = "") String team, @RequestParam(defaultValue = "") String tier,
            @RequestParam(defaultValue = "") String version,
            @RequestParam(name = "label", required = false) @Nullable List<String> labels) {
        return call(HttpMethod.GET, "/internal/jobs/metadata", HistoryRoutes.query("team", team, "tier", tier,
                "version", version, "label", labels == null ? List.of() : labels), null);
    }

    @PutMapping("/api/jobs/metadata/bulk")
    ResponseEntity<JsonNode> bulk(@RequestBody JsonNode body) {
        return call(HttpMethod.PUT, "/internal/jobs/metadata/bulk", Map.of(), body);
    }

    @GetMapping("/api/jobs/metadata/rules")
    ResponseEntity<JsonNode> rules() {
        return call(HttpMethod.GET, "/internal/jobs/metadata/rules", Map.of(), null);
    }

    @PostMapping("/api/jobs/metadata/rules/preview")
    ResponseEntity<JsonNode> preview(@RequestBody JsonNode body) {
        return call(HttpMethod.POST, "/internal/jobs/metadata/rules/preview", Map.of(), body);
    }

    @GetMapping("/api/jobs/{*path}")
    ResponseEntity<JsonNode> one(@PathVariable String path) {
        return call(HttpMethod.GET, "/internal/jobs/metadata/one", Map.of("job_name", jobName(path)), null);
    }

    @PutMapping("/api/jobs/{*path}")
    ResponseEntity<JsonNode> put(@PathVariable String path, @RequestBody JsonNode body) {
        return call(HttpMethod.PUT, "/internal/jobs/metadata/one", Map.of("job_name", jobName(path)), body);
    }

    @DeleteMapping("/api/jobs/{*path}")
    ResponseEntity<JsonNode> delete(@PathVariable String path) {
        return call(HttpMethod.DELETE, "/internal/jobs/metadata/one", Map.of("job_name", jobName(path)), null);
    }

    private ResponseEntity<JsonNode> call(HttpMethod method, String path, Map<String, ?> query, @Nullable JsonNode body) {
        Principal caller = Principals.current();
        return history.call(method, path, query, body, caller.actor(), caller.isAdmin());
    }

    /** {@code /folder/job/metadata} → {@code folder/job}; anything else under {@code /api/jobs/} is no route. */
    static String jobName(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (!trimmed.endsWith(SUFFIX) || trimmed.length() == SUFFIX.length()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such endpoint or resource", Map.of());
        }
        return trimmed.substring(0, trimmed.length() - SUFFIX.length());
    }
}
