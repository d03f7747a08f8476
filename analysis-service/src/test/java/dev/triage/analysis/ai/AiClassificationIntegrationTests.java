package dev.triage.analysis.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.triage.analysis.classify.Classification;
import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.jobs.AnalysisResults;
import dev.triage.analysis.jobs.AnalyzingJobs;
import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.secrets.SecretSeal;
import dev.triage.testsupport.TriageIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AI layer inside real jobs: a scripted fake claude CLI ({@code src/test/resources/ai/fake-claude}, a real
 * executable) and WireMock as an OpenAI-compatible endpoint stand in for the providers. Each test uses failure messages
 * of its own, so that the verdict cache (keyed by signature) does not carry answers from one test to another.
 */
@TriageIntegrationTest
class AiClassificationIntegrationTests {

    static final Path LOGS;
    /** The platform key the gateway would seal repository tokens with. */
    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final String FAKE;
    static final WireMockServer OPENAI = new WireMockServer(options().dynamicPort());
    /** Stands in for the history service's internal API; what it is not told to answer is a 404 (history unavailable). */
    static final WireMockServer HISTORY = new WireMockServer(options().dynamicPort());

    static {
        try {
            LOGS = Files.createTempDirectory("fake-ai-logs");
            Path script = Path.of(AiClassificationIntegrationTests.class.getResource("/ai/fake-claude").toURI());
            script.toFile().setExecutable(true);
            FAKE = script.toString();
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        OPENAI.start();
        HISTORY.start();
    }

    @AfterAll
    static void stop() {
        OPENAI.stop();
        HISTORY.stop();
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("triage.analysis.ai.max-concurrent-calls", () -> "2");
        registry.add("TRIAGE_SECRET_KEY", () -> KEY);
        registry.add("triage.analysis.history.base-url", HISTORY::baseUrl);
        registry.add("triage.analysis.history.timeout", () -> "1s");
        fake(registry, "recorder", "60s", "--mode=canned", "--category=PRODUCT BUG", "--prompts=" + LOGS.resolve("prompts.txt"));
        fake(registry, "claude", "60s", "--mode=canned", "--category=PRODUCT BUG");
        fake(registry, "counted", "60s", "--mode=canned", "--category=INFRASTRUCTURE");
        fake(registry, "slow", "2s", "--mode=slow");
        fake(registry, "garbage", "60s", "--mode=garbage");
        fake(registry, "vague", "60s", "--mode=prose-garbage");
        fake(registry, "broken", "60s", "--mode=fail");
        fake(registry, "lead-follow", "60s", "--mode=canned", "--category=PRODUCT BUG", "--revise=follow");
        fake(registry, "lead-stubborn", "60s", "--mode=canned", "--category=PRODUCT BUG", "--revise=stubborn");
        fake(registry, "peer-code", "60s", "--peer=insist-code");
        fake(registry, "busy", "60s", "--mode=canned", "--delay=0.4");
        fake(registry, "slow-peer", "60s", "--peer=agree", "--delay=0.5");
        fake(registry, "hang", "60s", "--mode=slow");
        fake(registry, "failing", "60s", "--mode=fail");
        registry.add("triage.analysis.ai.providers.vllm.kind", () -> "openai");
        registry.add("triage.analysis.ai.providers.vllm.base-url", () -> OPENAI.baseUrl() + "/v1");
        registry.add("triage.analysis.ai.providers.vllm.model", () -> "qwen");
        registry.add("triage.analysis.ai.providers.vllm.input-usd-per-million", () -> "1.0");
        registry.add("triage.analysis.ai.providers.vllm.output-usd-per-million", () -> "2.0");
        registry.add("triage.analysis.ai.providers.vllm-bad.kind", () -> "openai");
        registry.add("triage.analysis.ai.providers.vllm-bad.base-url", () -> OPENAI.baseUrl() + "/bad/v1");
    }

    private static void fake(DynamicPropertyRegistry registry, String name, String timeout, String... args) {
        String prefix = "triage.analysis.ai.providers." + name + ".";
        registry.add(prefix + "kind", () -> "claude");
        registry.add(prefix + "command", () -> FAKE);
        registry.add(prefix + "model", () -> "sonnet");
        registry.add(prefix + "timeout", () -> timeout);
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--log=" + log(name));
        for (int i = 0; i < all.size(); i++) {
            String value = all.get(i);
            registry.add(prefix + "args[" + i + "]", () -> value);
        }
    }

    static Path log(String provider) {
        return LOGS.resolve(provider + ".log");
    }

    static List<String> calls(String provider) throws IOException {
        Path log = log(provider);
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("start")).toList() : List.of();
    }

    /** The prompts the {@code recorder} provider received, in order. */
    static List<String> prompts() throws IOException {
        Path file = LOGS.resolve("prompts.txt");
        return Files.exists(file) ? List.of(Files.readString(file).split("=== END PROMPT ===\n")) : List.of();
    }

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;
    @Autowired
    AnalyzingJobs jobs;
    @Autowired
    AnalysisResults results;
    @Autowired
    PayloadStore payloads;
    @Autowired
    JsonMapper json;
    @Autowired
    AiClassification ai;
    @Autowired
    TokenUsageRecords usage;
    @Autowired
    AiSlots slots;

    @Test
    void aCannedAnswerBecomesTheVerdictWithItsFieldsAndItsTokenUsage() throws Exception {
        String jobId = UUID.randomUUID().toString();
        Document result = analyse(jobId, Map.of("ai_provider", "claude"),
                "AssertionError: cart totals differ for the walnut basket");
        Document analysis = firstAnalysis(result);
        assertThat(analysis.getString("classification")).isEqualTo("PRODUCT BUG");
        assertThat(analysis.getString("details")).isEqualTo("The fake model says PRODUCT BUG");
        assertThat(analysis.getString("rule")).isEqualTo("ai");
        assertThat(analysis.getString("artifacts_evidence")).isEqualTo("HTTP 500 from /cart/totals");
        assertThat(analysis.get("product_bug_report", Document.class).getString("title")).isEqualTo("Cart totals answer 500");
        assertThat(analysis.get("code_fix")).isNull();
        assertThat(result.getString("ai_provider")).isEqualTo("claude");
        assertThat(result.getString("ai_model")).isEqualTo("sonnet");
        Document tokens = result.get("token_usage", Document.class);
        assertThat(tokens.get("total_calls")).isEqualTo(1);
        assertThat(tokens.get("total_input_tokens")).isEqualTo(1200L);
        assertThat(tokens.get("total_output_tokens")).isEqualTo(300L);
        assertThat(tokens.get("total_cache_read_tokens")).isEqualTo(100L);
        assertThat(tokens.getDouble("total_cost_usd")).isEqualTo(0.0125);
        assertThat(usage.ofJob(jobId)).singleElement().satisfies(record -> {
            assertThat(record.getString("ai_provider")).isEqualTo("claude");
            assertThat(record.getString("call_type")).isEqualTo("analysis");
            assertThat(record.get("prompt_chars", Integer.class)).isGreaterThan(100);
        });
    }

    @Test
    void theSecondIdenticalJobMakesNoCall() throws Exception {
        String message = "java.lang.IllegalStateException: pantry inventory lock held by hamster";
        Document first = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "counted"), message);
        Document second = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "counted"), message);
        assertThat(calls("counted")).hasSize(1);
        assertThat(firstAnalysis(first).getString("rule")).isEqualTo("ai");
        assertThat(firstAnalysis(second).getString("rule")).isEqualTo("ai-cache");
        assertThat(firstAnalysis(second).getString("classification")).isEqualTo("INFRASTRUCTURE");
        assertThat(second.get("token_usage")).isNull();
    }

    @Test
    void aLearnedVerdictGetsNoCall() throws Exception {
        var request = AnalysisRequested.of("r", UUID.randomUUID().toString(), AnalysisKind.FAILURES, null,
                Map.of("ai_provider", "counted"));
        Classification learned = new Classification("PRODUCT BUG", 0.95, "learned", "confirmed by alice on 2026-11-30");
        int before = calls("counted").size();
        try (AiJob job = ai.open(request, () -> { })) {
            var verdict = job.classify("sig-learned-otter", new FailureEvidence("t", null, "boom otter", ""), List.of("t"),
                    learned);
            assertThat(verdict).isSameAs(learned);
            assertThat(job.callCount()).isZero();
        }
        assertThat(calls("counted")).hasSize(before);
    }

    @Test
    void aSlowAnswerTimesOutAndTheRulesDecideWithANote() throws Exception {
        Instant start = Instant.now();
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "slow"),
                "AssertionError: expected 3 lemons but got 2 for the slow orchard");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
        Document analysis = firstAnalysis(result);
        assertThat(analysis.getString("classification")).isEqualTo("CODE ISSUE");
        assertThat(analysis.getString("rule")).isEqualTo("assertion");
        assertThat(analysis.getString("details")).contains("AI analysis unavailable").contains("within 2 s")
                .contains("classified by rules");
    }

    @Test
    void garbageFallsBackToTheRulesWithANote() throws Exception {
        for (String provider : List.of("garbage", "vague")) {
            Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", provider),
                    "java.net.ConnectException: Connection refused to the " + provider + " warehouse");
            Document analysis = firstAnalysis(result);
            assertThat(analysis.getString("classification")).as(provider).isEqualTo("INFRASTRUCTURE");
            assertThat(analysis.getString("rule")).isEqualTo("connection-failed");
            assertThat(analysis.getString("details")).contains("did not match the expected schema");
            assertThat(result.get("token_usage", Document.class).get("total_calls")).isEqualTo(1);
        }
    }

    @Test
    void aNonZeroExitFallsBackToTheRulesWithANote() throws Exception {
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "broken"),
                "AssertionError: the broken teapot whistled twice");
        Document analysis = firstAnalysis(result);
        assertThat(analysis.getString("classification")).isEqualTo("CODE ISSUE");
        assertThat(analysis.getString("details")).contains("exited with code 3");
        assertThat(result.get("token_usage")).isNull();
    }

    @Test
    void aProviderThatIsNotConfiguredIsClassifiedByRulesAndTheResultSaysSo() throws Exception {
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "gemini", "ai_model", "pro"),
                "java.net.UnknownHostException: nosuch.gemini.example");
        assertThat(firstAnalysis(result).getString("classification")).isEqualTo("INFRASTRUCTURE");
        assertThat(result.getString("ai_provider")).isEmpty();
        assertThat(result.getString("ai_model")).isEmpty();
        assertThat(result.getString("summary")).contains("\"gemini\" is not configured");
    }

    @Test
    void peersThatAreConvincedReachConsensus() throws Exception {
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "lead-follow",
                "peer_ai_configs", List.of(Map.of("ai_provider", "peer-code", "ai_model", "peer-model")),
                "peer_analysis_max_rounds", 3), "AssertionError: the consensus kettle boiled dry");
        Document failure = result.getList("failures", Document.class).getFirst();
        assertThat(failure.get("analysis", Document.class).getString("classification")).isEqualTo("CODE ISSUE");
        assertThat(failure.get("analysis", Document.class).get("code_fix", Document.class).getString("file"))
                .isEqualTo("tests/cart_test.py");
        Document debate = failure.get("peer_debate", Document.class);
        assertThat(debate.getBoolean("consensus_reached")).isTrue();
        assertThat(debate.getInteger("rounds_used")).isEqualTo(2);
        assertThat(debate.getInteger("max_rounds")).isEqualTo(3);
        List<String> trail = debate.getList("rounds", Document.class).stream().map(r -> r.get("round") + " "
                + r.get("role") + " " + r.get("ai_provider") + " " + r.get("classification") + " "
                + r.get("agrees_with_orchestrator")).toList();
        assertThat(trail).containsExactly("1 orchestrator lead-follow PRODUCT BUG null", "1 peer peer-code CODE ISSUE false",
                "2 orchestrator lead-follow CODE ISSUE null", "2 peer peer-code CODE ISSUE true");
        List<String> callTypes = result.get("token_usage", Document.class).getList("calls", Document.class).stream()
                .map(c -> c.getString("call_type")).toList();
        assertThat(callTypes).containsExactly("analysis", "peer_review", "peer_revision", "peer_review");
    }

    @Test
    void peersThatStayUnconvincedEndWithoutConsensusWhenRoundsRunOut() throws Exception {
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "lead-stubborn",
                "peer_ai_configs", List.of(Map.of("ai_provider", "peer-code")), "peer_analysis_max_rounds", 2),
                "AssertionError: the stubborn mule refused the cart");
        Document failure = result.getList("failures", Document.class).getFirst();
        assertThat(failure.get("analysis", Document.class).getString("classification")).isEqualTo("PRODUCT BUG");
        assertThat(failure.get("analysis", Document.class).getDouble("confidence")).isEqualTo(0.65);
        Document debate = failure.get("peer_debate", Document.class);
        assertThat(debate.getBoolean("consensus_reached")).isFalse();
        assertThat(debate.getInteger("rounds_used")).isEqualTo(2);
        assertThat(debate.getList("ai_configs", Document.class).getFirst().getString("ai_model")).isEqualTo("sonnet");
        assertThat(debate.getList("rounds", Document.class)).hasSize(4)
                .allSatisfy(r -> assertThat(r.get("agrees_with_orchestrator")).isNotEqualTo(true));
    }

    @Test
    void concurrentJobsNeverExceedTheGlobalCapOnCallsInFlight() throws Exception {
        int jobCount = 6;
        var pool = Executors.newFixedThreadPool(jobCount);
        try {
            List<Future<Document>> running = new ArrayList<>();
            String[] fruits = {"apple", "banana", "cherry", "damson", "elderberry", "fig"};
            for (int i = 0; i < jobCount; i++) {
                String fruit = fruits[i];
                running.add(pool.submit((Callable<Document>) () -> analyse(UUID.randomUUID().toString(),
                        Map.of("ai_provider", "busy"), "java.lang.IllegalStateException: the " + fruit + " crate is empty")));
            }
            for (Future<Document> job : running) {
                assertThat(firstAnalysis(job.get()).getString("rule")).isEqualTo("ai");
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> events = Files.readAllLines(log("busy"));
        assertThat(events.stream().filter(e -> e.startsWith("start"))).hasSize(jobCount);
        assertThat(maxOverlap(events)).isBetween(1, 2);
        var metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("(?m)^triage_ai_slots_capacity\\{[^}]*} 2\\.0$")
                .containsPattern("(?m)^triage_ai_slots_busy\\{[^}]*} 0\\.0$")
                .containsPattern("(?m)^triage_ai_calls_total\\{[^}]*outcome=\"success\",provider=\"busy\"[^}]*} 6\\.0$");
    }

    @Test
    void aRequestsMaxConcurrentAiCallsLimitsItsOwnCallsButNeverRaisesTheGlobalCap() throws Exception {
        List<Map<String, String>> threePeers = List.of(Map.of("ai_provider", "slow-peer"), Map.of("ai_provider", "slow-peer"),
                Map.of("ai_provider", "slow-peer"));
        int before = Files.exists(log("slow-peer")) ? Files.readAllLines(log("slow-peer")).size() : 0;
        Document one = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "claude", "peer_ai_configs", threePeers,
                "max_concurrent_ai_calls", 1), "AssertionError: the single-file ducklings crossed");
        List<String> serial = Files.readAllLines(log("slow-peer"));
        Document many = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "claude", "peer_ai_configs", threePeers,
                "max_concurrent_ai_calls", 8), "AssertionError: the crowd of ducklings crossed");
        List<String> all = Files.readAllLines(log("slow-peer"));

        assertThat(one.getList("failures", Document.class).getFirst().get("peer_debate", Document.class)
                .getBoolean("consensus_reached")).isTrue();
        assertThat(many.getList("failures", Document.class).getFirst().get("peer_debate", Document.class)
                .getBoolean("consensus_reached")).isTrue();
        assertThat(serial.subList(before, serial.size())).hasSize(6);
        assertThat(maxOverlap(serial.subList(before, serial.size()))).as("max_concurrent_ai_calls=1").isEqualTo(1);
        // 8 asked, but the server's global cap (2) still holds
        assertThat(maxOverlap(all.subList(serial.size(), all.size()))).as("max_concurrent_ai_calls=8").isEqualTo(2);
    }

    @Test
    void anOpenAiCompatibleEndpointIsRetriedOnA503AndItsTokensArePriced() throws Exception {
        String answer = json.writeValueAsString(Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant",
                "content", "{\"classification\":\"INFRASTRUCTURE\",\"details\":\"The database node was restarted\"}"))),
                "usage", Map.of("prompt_tokens", 900, "completion_tokens", 100)));
        OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        OPENAI.stubFor(post(urlEqualTo("/v1/chat/completions")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(answer)));
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "vllm"),
                "AssertionError: the vllm porcupine counted wrong");
        Document analysis = firstAnalysis(result);
        assertThat(analysis.getString("classification")).isEqualTo("INFRASTRUCTURE");
        assertThat(analysis.getString("details")).isEqualTo("The database node was restarted");
        OPENAI.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("\"model\":\"qwen\"")).withRequestBody(containing("porcupine")));
        Document tokens = result.get("token_usage", Document.class);
        assertThat(tokens.get("total_input_tokens")).isEqualTo(900L);
        assertThat(tokens.getDouble("total_cost_usd")).isCloseTo(0.0011, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.getString("ai_model")).isEqualTo("qwen");
    }

    @Test
    void anOpenAiClientErrorIsNotRetriedAndFallsBackToTheRules() throws Exception {
        OPENAI.stubFor(post(urlEqualTo("/bad/v1/chat/completions"))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":\"unknown model\"}")));
        Document result = analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "vllm-bad", "ai_model", "nope"),
                "AssertionError: the client error badger");
        assertThat(firstAnalysis(result).getString("details")).contains("HTTP 400").contains("classified by rules");
        OPENAI.verify(1, postRequestedFor(urlEqualTo("/bad/v1/chat/completions"))
                .withRequestBody(containing("\"model\":\"nope\"")).withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void repeatedFailuresOpenTheProvidersCircuitBreakerAndLaterGroupsSpawnNothing() throws Exception {
        var request = AnalysisRequested.of("r", UUID.randomUUID().toString(), AnalysisKind.FAILURES, null,
                Map.of("ai_provider", "failing"));
        Classification rules = new Classification("CODE ISSUE", 0.6, "assertion", "A test expectation did not hold");
        List<String> details = new ArrayList<>();
        try (AiJob job = ai.open(request, () -> { })) {
            for (String animal : List.of("ant", "bee", "cat", "dog", "eel", "fox", "gnu")) {
                details.add(job.classify("sig-breaker-" + animal, new FailureEvidence("t", null, "boom " + animal, ""),
                        List.of("t"), rules).reason());
            }
        }
        assertThat(details).allSatisfy(d -> assertThat(d).startsWith("A test expectation did not hold (AI analysis unavailable"));
        assertThat(details.subList(0, 5)).allSatisfy(d -> assertThat(d).contains("exited with code 3"));
        assertThat(details.subList(5, 7)).allSatisfy(d -> assertThat(d).contains("paused after repeated failures"));
        assertThat(calls("failing")).hasSize(5);
    }

    @Test
    void aCancelledJobStopsWaitingAndKillsItsCli() throws Exception {
        var request = AnalysisRequested.of("r", UUID.randomUUID().toString(), AnalysisKind.FAILURES, null,
                Map.of("ai_provider", "hang"));
        Instant start = Instant.now();
        try (AiJob job = ai.open(request, () -> {
            throw new IllegalStateException("cancelled by the user");
        })) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.classify("sig-cancel-yak",
                    new FailureEvidence("t", null, "yak shaving stalled", ""), List.of("t"),
                    new Classification("CODE ISSUE", 0.3, "default", "no rule"))).hasMessage("cancelled by the user");
        }
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("")
                        .contains("--mode=slow")).count()).isZero());
        assertThat(Files.readAllLines(log("hang"))).noneMatch(line -> line.startsWith("end"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(slots.busy()).as("the cancelled call gave its slot back").isZero());
    }

    @Test
    void thePromptCarriesTheHistoryOfTheSignatureAndTheFirstTestsAndCachedOrRuleOnlyGroupsReadNone() throws Exception {
        String jobId = UUID.randomUUID().toString();
        HISTORY.stubFor(WireMock.get(urlPathEqualTo("/internal/history/search")).withQueryParam("exclude_job_id", equalTo(jobId))
                .willReturn(okJson("""
                        {"signature": "x", "total_occurrences": 14, "unique_tests": 2, "tests": [],
                         "last_classification": "PRODUCT BUG", "comments": [], "first_seen": "2026-04-02T08:00:00Z",
                         "last_seen": "2026-05-10T09:30:00Z", "known_bugs": ["OCPBUGS-7"],
                         "classification_history": [{"classification": "PRODUCT BUG", "at": "2026-05-01T10:00:00Z"}]}""")));
        // as the history service answers for a test it has never seen
        HISTORY.stubFor(WireMock.get(urlPathEqualTo("/internal/history/test")).atPriority(10)
                .withQueryParam("exclude_job_id", equalTo(jobId)).willReturn(okJson("""
                        {"total_runs": 0, "failures": 0, "passes": 0, "failure_rate": 0.0, "consecutive_failures": 0,
                         "classifications": {}, "recent_runs": [], "comments": [], "labels": [], "signatures": [],
                         "first_seen": null, "last_seen": null, "last_pass": null, "last_classification": ""}""")));
        HISTORY.stubFor(WireMock.get(urlPathEqualTo("/internal/history/test")).atPriority(1).withQueryParam("exclude_job_id", equalTo(jobId))
                .withQueryParam("test_name", equalTo("tests.shop.ShopTest.test_0")).willReturn(okJson("""
                        {"test_name": "tests.shop.ShopTest.test_0", "total_runs": 20, "failures": 5, "passes": 15,
                         "failure_rate": 0.25, "consecutive_failures": 2, "last_pass": "2026-05-09T07:00:00Z",
                         "classifications": {"PRODUCT BUG": 3},
                         "labels": [{"label": "FLAKY", "reason": "same_build_mixed", "evidence": ["j1"]}],
                         "recent_runs": [{"job_name": "nightly", "build_number": 12, "analyzed_at": "2026-05-10T09:30:00Z",
                                          "error_signature": "other", "outcome": "failed"}]}""")));
        String message = "AssertionError: the historian owl counted 3 scrolls";
        int before = prompts().size();

        Document result = analyse(jobId, Map.of("ai_provider", "recorder"), message, message, message, message);

        assertThat(firstAnalysis(result).getString("rule")).isEqualTo("ai");
        assertThat(prompts()).hasSize(before + 1);
        assertThat(prompts().getLast()).contains("owl").contains("""
                HISTORY (earlier analysed runs, this job excluded):
                Signature: 14 earlier failures in 2 tests, first 2026-04-02, last 2026-05-10.
                People classified this signature as: PRODUCT BUG (2026-05-01) (oldest first).
                Linked tracker issues: OCPBUGS-7.
                Test tests.shop.ShopTest.test_0: 20 runs, 5 failed, 15 passed (failure rate 25%), 2 failing in a row, \
                last pass 2026-05-09.
                  Labels: FLAKY (same build mixed).
                  Earlier verdicts: PRODUCT BUG x3.
                  Recent failures: 2026-05-10T09:30 nightly #12, another signature.
                Test tests.shop.ShopTest.test_1: no earlier runs recorded.
                """).doesNotContain("ShopTest.test_3: ");
        HISTORY.verify(1, getRequestedFor(urlPathEqualTo("/internal/history/search"))
                .withQueryParam("exclude_job_id", equalTo(jobId)));
        HISTORY.verify(3, getRequestedFor(urlPathEqualTo("/internal/history/test"))
                .withQueryParam("exclude_job_id", equalTo(jobId)));

        // the same signature again is a cached verdict, and a job without AI is rules only: neither reads history
        int lookups = HISTORY.getAllServeEvents().size();
        assertThat(firstAnalysis(analyse(UUID.randomUUID().toString(), Map.of("ai_provider", "recorder"), message))
                .getString("rule")).isEqualTo("ai-cache");
        analyse(UUID.randomUUID().toString(), Map.of(), "AssertionError: the rules-only owl");
        assertThat(HISTORY.getAllServeEvents()).hasSize(lookups);
        assertThat(prompts()).hasSize(before + 1);
    }

    @Test
    void aHistoryServiceThatHangsOrResetsStillGivesAnAiVerdictSoonWithHistoryMarkedUnavailable() throws Exception {
        String slowJob = UUID.randomUUID().toString();
        HISTORY.stubFor(WireMock.get(urlPathEqualTo("/internal/history/search")).withQueryParam("exclude_job_id", equalTo(slowJob))
                .willReturn(okJson("{}").withFixedDelay(8_000)));
        int before = prompts().size();
        Instant start = Instant.now();

        Document slow = analyse(slowJob, Map.of("ai_provider", "recorder"), "AssertionError: the sleepy archivist dozed",
                "java.lang.IllegalStateException: the sleepy archivist lost the key");

        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(7));
        assertThat(slow.getList("failures", Document.class)).hasSize(2).allSatisfy(f ->
                assertThat(f.get("analysis", Document.class).getString("rule")).isEqualTo("ai"));
        assertThat(prompts().subList(before, prompts().size())).hasSize(2).allSatisfy(prompt -> assertThat(prompt)
                .contains("HISTORY (earlier analysed runs, this job excluded):\nUnavailable (the history service did not"
                        + " answer in time); judge from this failure alone."));
        // one lookup for the job: after it failed, the second group did not wait for history again
        HISTORY.verify(1, getRequestedFor(urlPathEqualTo("/internal/history/search"))
                .withQueryParam("exclude_job_id", equalTo(slowJob)));

        String resetJob = UUID.randomUUID().toString();
        HISTORY.stubFor(WireMock.get(urlPathEqualTo("/internal/history/search")).withQueryParam("exclude_job_id", equalTo(resetJob))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Document reset = analyse(resetJob, Map.of("ai_provider", "recorder"), "AssertionError: the reset librarian shrugged");
        assertThat(firstAnalysis(reset).getString("classification")).isEqualTo("PRODUCT BUG");
        assertThat(prompts().getLast()).contains("Unavailable (the history service could not be reached)");
    }

    @Test
    void theRequestsSealedRepositoryTokensReachTheWorkspaceAndNeverTheStoredResult() throws Exception {
        String sealed = SecretSeal.fromEnvironment(name -> name.equals("TRIAGE_SECRET_KEY") ? KEY : null).seal(
                "{\"tests_repo_token\": \"ghp_tests_9\", \"additional_repos\": {\"product\": \"ghp_product_9\"}}",
                "repo-tokens");
        PayloadRef secrets = payloads.store("application/vnd.triage.sealed", sealed.getBytes(StandardCharsets.US_ASCII));
        String missing = temp("no-such-repo");
        Map<String, Object> parameters = Map.of("ai_provider", "claude", "tests_repo_url", missing + "/tests",
                "additional_repos", List.of(Map.of("name", "product", "url", missing + "/product"),
                        Map.of("name", "docs", "url", missing + "/docs")));

        try (AiJob job = ai.open(AnalysisRequested.of("r", UUID.randomUUID().toString(), AnalysisKind.FAILURES, null,
                parameters, secrets), () -> { })) {
            assertThat(job.repositories()).extracting(AiWorkspace.Repo::name, AiWorkspace.Repo::token).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("tests", "ghp_tests_9"),
                    org.assertj.core.groups.Tuple.tuple("product", "ghp_product_9"),
                    org.assertj.core.groups.Tuple.tuple("docs", null));
            assertThat(job.repositories().toString()).doesNotContain("ghp_");
        }

        // a whole job with them (the clones fail, the analysis goes on): the result carries no token
        String jobId = UUID.randomUUID().toString();
        var list = payloads.store("application/json", json.writeValueAsString(List.of(Map.of("test_name", "t.Vault.open",
                "error_message", "AssertionError: the vault keeper lost the sealed key"))).getBytes(StandardCharsets.UTF_8));
        jobs.analyze(AnalysisRequested.of("req-" + jobId, jobId, AnalysisKind.FAILURES, list, parameters, secrets));
        Document stored = results.find(jobId).orElseThrow();
        assertThat(firstAnalysis(stored.get("result", Document.class)).getString("rule")).isEqualTo("ai");
        assertThat(stored.toJson()).doesNotContain("ghp_");

        // sealed with another key: no tokens, and the job is classified all the same
        String foreign = SecretSeal.fromEnvironment(name -> name.equals("TRIAGE_SECRET_KEY")
                ? "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=" : null).seal("{\"tests_repo_token\": \"ghp_x\"}", "repo-tokens");
        PayloadRef unreadable = payloads.store("application/vnd.triage.sealed", foreign.getBytes(StandardCharsets.US_ASCII));
        try (AiJob job = ai.open(AnalysisRequested.of("r", UUID.randomUUID().toString(), AnalysisKind.FAILURES, null,
                parameters, unreadable), () -> { })) {
            assertThat(job.repositories()).extracting(AiWorkspace.Repo::token).containsOnlyNulls();
        }
    }

    private static String temp(String name) throws IOException {
        return Files.createTempDirectory("triage-repos").resolve(name).toUri().toString();
    }

    @Test
    void tokenUsageReportsAddUpTheRecordedCalls() throws Exception {
        String jobId = UUID.randomUUID().toString();
        analyse(jobId, Map.of("ai_provider", "claude"), "AssertionError: the report gopher dug two holes");
        JsonNode records = get("/internal/token-usage/" + jobId);
        assertThat(records.get("records")).hasSize(1);
        assertThat(records.get("records").get(0).get("input_tokens").asLong()).isEqualTo(1200);
        assertThat(records.get("records").get(0).get("call_type").asString()).isEqualTo("analysis");
        JsonNode byJob = get("/internal/token-usage?group_by=job&ai_provider=claude");
        JsonNode row = null;
        for (JsonNode candidate : byJob.get("breakdown").values()) {
            if (candidate.get("group_key").asString().equals(jobId)) {
                row = candidate;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("call_count").asLong()).isEqualTo(1);
        assertThat(row.get("cost_usd").asDouble()).isEqualTo(0.0125);
        String today = records.get("records").get(0).get("created_at").asString().substring(0, 10);
        assertThat(get("/internal/token-usage?group_by=day&start_date=" + today).get("breakdown").get(0).get("group_key")
                .asString()).isEqualTo(today);
        assertThat(get("/internal/token-usage?start_date=2000-01-01&end_date=2000-01-02").get("total_calls").asLong()).isZero();
        var bad = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/internal/token-usage?group_by=planet"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid_parameter");
        JsonNode summary = get("/internal/token-usage/summary");
        assertThat(summary.get("this_week").get("calls").asLong()).isPositive();
        assertThat(summary.get("this_month").get("cost_usd").asDouble()).isPositive();
        assertThat(summary.get("top_models")).isNotEmpty();
    }

    @Test
    void capabilitiesNameProvidersAndModelsButNoCommandsOrUrls() throws Exception {
        JsonNode capabilities = get("/internal/ai/capabilities");
        assertThat(capabilities.get("ai_enabled").asBoolean()).isTrue();
        assertThat(capabilities.get("max_concurrent_ai_calls").asInt()).isEqualTo(2);
        assertThat(capabilities.toString()).contains("\"name\":\"vllm\"").doesNotContain(FAKE).doesNotContain("http://");
        assertThat(get("/internal/ai/configs").toString()).contains("{\"ai_provider\":\"vllm\",\"ai_model\":\"qwen\"}");
    }

    private JsonNode get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The largest number of calls in flight at one moment, from the fake's start/end log. */
    static int maxOverlap(List<String> events) {
        List<long[]> points = new ArrayList<>();
        for (String event : events) {
            String[] parts = event.split(" ");
            points.add(new long[] {Long.parseLong(parts[1]), parts[0].equals("start") ? 1 : -1});
        }
        points.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int max = 0;
        for (long[] point : points) {
            now += (int) point[1];
            max = Math.max(max, now);
        }
        return max;
    }

    private Document analyse(String jobId, Map<String, Object> parameters, String... messages) throws IOException {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            failures.add(Map.of("test_name", "tests.shop.ShopTest.test_" + i, "error_message", messages[i],
                    "stack_trace", "at com.acme.shop.Cart.totals(Cart.java:42)\nat com.acme.shop.ShopTest.test(ShopTest.java:7)"));
        }
        var payload = payloads.store("application/json", json.writeValueAsString(failures).getBytes(StandardCharsets.UTF_8));
        jobs.analyze(AnalysisRequested.of("req-" + jobId, jobId, AnalysisKind.FAILURES, payload, parameters));
        return results.find(jobId).orElseThrow().get("result", Document.class);
    }

    private static Document firstAnalysis(Document result) {
        return result.getList("failures", Document.class).getFirst().get("analysis", Document.class);
    }
}
