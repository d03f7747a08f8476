package dev.triage.analysis.ai;

import dev.triage.analysis.AnalysisProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Reads a failure group's history from the history service's internal API ({@code /internal/history/search} for the
 * signature, {@code /internal/history/test} for each of the first few tests), for the AI prompt. The lookups run in
 * parallel under one deadline and a circuit breaker ({@code history-service}); whatever goes wrong (down, slow, an
 * error status) gives "unavailable" with a reason, never an exception, so history can only add to a prompt and never
 * stop or hold up a classification for long. The current job is excluded from every answer.
 */
@Component
class HistoryLookup {

    private static final Logger log = LoggerFactory.getLogger(HistoryLookup.class);
    static final String SERVICE = "history-service";
    /** Recent failures shown per test. */
    static final int RECENT = 3;

    private final AnalysisProperties.History settings;
    private final RestClient client;
    private final String baseUrl;
    private final CircuitBreaker breaker;

    HistoryLookup(AnalysisProperties properties, CircuitBreakerRegistry breakers) {
        this.settings = properties.history();
        var factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(settings.connectTimeout());
        factory.setReadTimeout(settings.timeout());
        this.client = RestClient.builder().requestFactory(factory).build();
        String base = settings.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.breaker = breakers.circuitBreaker(SERVICE);
    }

    /**
     * The group's history.
     *
     * @param jobId     the job being analysed, left out of the history
     * @param signature the group's signature
     * @param testIds   the group's tests (ids as the history keys them); the first {@code max-tests} are looked up
     */
    HistoryFacts find(String jobId, String signature, List<String> testIds) {
        if (!settings.enabled()) {
            return HistoryFacts.unavailable("history lookups are turned off on this server");
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<JsonNode> signatureAnswer = executor.submit(() -> get("/internal/history/search",
                    Map.of("signature", signature, "exclude_job_id", jobId)));
            List<String> looked = testIds.stream().distinct().limit(Math.max(0, settings.maxTests())).toList();
            List<Future<JsonNode>> testAnswers = looked.stream().map(id -> executor.submit(() -> get("/internal/history/test",
                    Map.of("test_name", id, "limit", RECENT, "exclude_job_id", jobId)))).toList();
            HistoryFacts.SignatureRecord record = signatureRecord(wait(signatureAnswer, deadline));
            List<HistoryFacts.TestRecord> tests = new ArrayList<>();
            for (int i = 0; i < looked.size(); i++) {
                tests.add(testRecord(looked.get(i), wait(testAnswers.get(i), deadline), signature));
            }
            return new HistoryFacts(null, record, tests);
        } catch (TimeoutException e) {
            log.info("History of a failure group was not read for job {}: no answer within {} ms", jobId,
                    settings.timeout().toMillis());
            return HistoryFacts.unavailable("the history service did not answer in time");
        } catch (ExecutionException e) {
            boolean paused = e.getCause() instanceof CallNotPermittedException;
            log.info("History of a failure group was not read for job {}: {}", jobId,
                    paused ? "calls are paused after repeated failures" : e.getCause().getClass().getSimpleName());
            return HistoryFacts.unavailable(paused ? "the history service failed repeatedly, calls are paused"
                    : "the history service could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HistoryFacts.unavailable("the job was interrupted");
        } finally {
            // never waits for a lookup that outlived the deadline; its own read timeout ends it
            executor.shutdownNow();
        }
    }

    private static JsonNode wait(Future<JsonNode> answer, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private JsonNode get(String path, Map<String, Object> query) throws Exception {
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((name, value) -> joined.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)));
        URI uri = URI.create(baseUrl + path + joined);
        JsonNode body = breaker.executeCallable(() -> client.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve()
                .body(JsonNode.class));
        if (body == null || !body.isObject()) {
            throw new IllegalStateException("the history service answered without a JSON object");
        }
        return body;
    }

    private static HistoryFacts.SignatureRecord signatureRecord(JsonNode node) {
        List<Map<String, String>> verdicts = new ArrayList<>();
        node.path("classification_history").forEach(entry -> {
            Map<String, String> verdict = new LinkedHashMap<>();
            verdict.put("classification", entry.path("classification").asString(""));
            verdict.put("at", entry.path("at").asString(""));
            verdicts.add(verdict);
        });
        if (verdicts.isEmpty() && !node.path("last_classification").asString("").isEmpty()) {
            // an older history service names only the latest verdict
            verdicts.add(Map.of("classification", node.path("last_classification").asString(), "at", ""));
        }
        List<String> bugs = new ArrayList<>();
        node.path("known_bugs").forEach(bug -> bugs.add(bug.asString("")));
        return new HistoryFacts.SignatureRecord(node.path("total_occurrences").asLong(0), node.path("unique_tests").asLong(0),
                text(node.path("first_seen")), text(node.path("last_seen")), verdicts, bugs);
    }

    private static HistoryFacts.TestRecord testRecord(String testId, JsonNode node, String signature) {
        Map<String, Long> classifications = new LinkedHashMap<>();
        node.path("classifications").properties().forEach(e -> classifications.put(e.getKey(), e.getValue().asLong(0)));
        List<String> labels = new ArrayList<>();
        node.path("labels").forEach(l -> labels.add(l.path("label").asString("") + " ("
                + l.path("reason").asString("").replace('_', ' ') + ")"));
        List<String> recent = new ArrayList<>();
        node.path("recent_runs").forEach(run -> {
            if (recent.size() < RECENT) {
                String at = run.path("analyzed_at").asString("");
                String job = run.path("job_name").asString("");
                long build = run.path("build_number").asLong(0);
                recent.add((at.length() > 16 ? at.substring(0, 16) : at) + (job.isEmpty() ? "" : " " + job)
                        + (build > 0 ? " #" + build : "") + (signature.equals(run.path("error_signature").asString(""))
                                ? ", same signature" : ", another signature"));
            }
        });
        return new HistoryFacts.TestRecord(testId, node.path("total_runs").asLong(0),
                node.path("failures").asLong(0), node.path("passes").asLong(0), node.path("failure_rate").asDouble(0),
                node.path("consecutive_failures").asLong(0), text(node.path("last_pass")), classifications, labels, recent);
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
