package dev.triage.gateway.analysis;

import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.gateway.GatewayProperties;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobRequests;
import dev.triage.gateway.results.ResultViews;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.net.NetworkGuard;
import dev.triage.platform.secrets.SecretSeal;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIdFilter;
import dev.triage.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /analyze}: queues a Jenkins build for analysis and answers 202 {@code queued} at once; the worker reads
 * the build (waiting for it while it runs). A request's {@code jenkins_url} passes the SSRF guard here, so a refused
 * URL is a 422 {@code ssrf_blocked} before any job exists. {@code jenkins_user} and {@code jenkins_password} are sealed
 * with the platform key into the payload store and reach the worker only by that reference: they are never in
 * {@code request_params}, an event or a log (docs/adr/0007).
 */
@RestController
class AnalyzeController {

    /** Content type of a sealed credentials payload. */
    static final String SEALED = JobRequests.SEALED;
    /** Associated data of the sealed credentials; the analysis worker opens them with the same. */
    static final String CREDENTIALS_CONTEXT = "jenkins-credentials";

    private final AnalysisSubmissions submissions;
    private final PayloadStore payloads;
    private final ResultViews views;
    private final JsonMapper json;
    private final GatewayProperties properties;
    private final NetworkGuard guard;
    private final SecretSeal seal;
    private final RepoTokens repoTokens;

    AnalyzeController(AnalysisSubmissions submissions, PayloadStore payloads, ResultViews views, JsonMapper json,
            GatewayProperties properties, Environment environment, RepoTokens repoTokens) {
        this.repoTokens = repoTokens;
        this.submissions = submissions;
        this.payloads = payloads;
        this.views = views;
        this.json = json;
        this.properties = properties;
        GatewayProperties.Jenkins jenkins = properties.jenkins();
        this.guard = new NetworkGuard(jenkins.networks(), jenkins.url().isBlank() ? Set.of() : Set.of(hostKey(jenkins.url())));
        this.seal = SecretSeal.fromEnvironment(environment::getProperty);
    }

    @PostMapping(path = "/analyze", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> analyze(HttpServletRequest request) throws IOException {
        long limit = properties.analysis().maxRequestJson().toBytes();
        byte[] bytes = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw ApiException.unprocessable("request_too_large", "The request is larger than "
                    + properties.analysis().maxRequestJson(), Map.of("limit_bytes", limit));
        }
        JsonNode body = parse(bytes);
        Map<String, Object> parameters = new LinkedHashMap<>(AnalysisParameters.sharedFieldsOf(body, json));
        parameters.putAll(JenkinsParameters.of(body, properties.jenkins(), guard));
        PayloadRef credentials = sealCredentials(body);
        PayloadRef tokens = null;
        Job job;
        try {
            tokens = repoTokens.seal(body);
            job = submissions.submit(AnalysisKind.JENKINS, credentials, parameters, requestId(request), null, tokens);
        } catch (RuntimeException | IOException e) {
            if (credentials != null) {
                payloads.delete(credentials.id());
            }
            repoTokens.discard(tokens);
            throw e;
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.queued(job));
    }

    private @Nullable PayloadRef sealCredentials(JsonNode body) throws IOException {
        String user = text(body, "jenkins_user");
        String password = text(body, "jenkins_password");
        if (user == null && password == null) {
            return null;
        }
        if (seal.problem() != null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth_misconfigured", "Jenkins credentials in a request "
                    + "need the server's secret key (TRIAGE_SECRET_KEY on the gateway and the analysis service)");
        }
        ObjectNode secret = json.createObjectNode();
        secret.put("jenkins_user", user);
        secret.put("jenkins_password", password);
        String sealed = seal.seal(json.writeValueAsString(secret), CREDENTIALS_CONTEXT);
        return payloads.store(SEALED, sealed.getBytes(StandardCharsets.US_ASCII));
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes);
            if (!node.isObject()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON");
        }
    }

    private static @Nullable String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || !value.isString() || value.asString().isEmpty() ? null : value.asString();
    }

    private static String hostKey(String url) {
        URI uri = URI.create(url.trim());
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        return id instanceof String s ? s : RequestIds.current();
    }
}
