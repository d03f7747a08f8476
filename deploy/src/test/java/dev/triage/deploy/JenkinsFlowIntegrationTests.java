package dev.triage.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /analyze} through the whole system against a Jenkins on loopback (WireMock serving the recorded corpus):
 * the result with its Jenkins fields, credentials that reach Jenkins but nothing else, and a job that keeps waiting
 * while the analysis service is restarted and still completes.
 */
class JenkinsFlowIntegrationTests {

    static final String SECRET_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();
    static final WireMockServer jenkins = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static TriageSystem system;

    @BeforeAll
    static void start() {
        jenkins.start();
        system = TriageSystem.start(Map.of(
                "TRIAGE_SECRET_KEY", SECRET_KEY,
                // loopback is refused by default; this Jenkins lives there
                "triage.gateway.jenkins.allowed-networks", "127.0.0.1/32",
                "triage.analysis.jenkins.allowed-networks", "127.0.0.1/32",
                "triage.analysis.jenkins.max-poll-interval", "300ms",
                "triage.analysis.jenkins.recheck-interval", "100ms",
                // a worker stopped in the middle of a check gives the job up within seconds, not minutes
                "triage.analysis.lease-timeout", "3s"));
    }

    @AfterAll
    static void stop() {
        system.close();
        jenkins.stop();
    }

    @Test
    void aJenkinsBuildIsAnalysedThroughTheGatewayWithTheRequestsCredentials() throws Exception {
        stubBuild("team/checkout", 31, "UNSTABLE");
        stubTestReport("team/checkout", 31);

        HttpResponse<String> queued = post("""
                {"job_name": "team/checkout", "build_number": 31, "jenkins_url": "%s",
                 "jenkins_user": "ci-bot", "jenkins_password": "api-token-e2e-0123"}""".formatted(base()));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String jobId = json.readTree(queued.body()).get("job_id").asString();

        JsonNode envelope = awaitFinished(jobId);
        assertThat(envelope.get("status").asString()).as(envelope.toString()).isEqualTo("completed");
        assertThat(envelope.get("jenkins_url").asString()).isEqualTo(base() + "job/team/job/checkout/31/");
        JsonNode result = envelope.get("result");
        assertThat(result.get("job_name").asString()).isEqualTo("team/checkout");
        assertThat(result.get("build_number").asInt()).isEqualTo(31);
        assertThat(result.get("failures")).hasSize(1);
        assertThat(result.get("failures").get(0).get("analysis").get("classification").asString()).isEqualTo("INFRASTRUCTURE");
        assertThat(result.get("child_job_analyses").isArray()).isTrue();
        assertThat(result.get("totals").get("failures").asInt()).isEqualTo(1);
        assertThat(envelope.toString()).doesNotContain("api-token-e2e-0123").doesNotContain("ci-bot");
        jenkins.verify(getRequestedFor(urlPathEqualTo("/job/team/job/checkout/31/api/json")).withHeader("Authorization",
                equalTo("Basic " + Base64.getEncoder().encodeToString("ci-bot:api-token-e2e-0123".getBytes()))));
    }

    @Test
    void aWaitingJobSurvivesARestartOfTheAnalysisServiceAndCompletes() throws Exception {
        stubBuild("nightly", 77, null);
        stubTestReport("nightly", 77);
        HttpResponse<String> queued = post("{\"job_name\": \"nightly\", \"build_number\": 77, \"jenkins_url\": \"" + base() + "\"}");
        String jobId = json.readTree(queued.body()).get("job_id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "waiting".equals(status(jobId)));

        system.stopService("analysis-service");
        try {
            stubBuild("nightly", 77, "FAILURE");
        } finally {
            system.startService("analysis-service", dev.triage.analysis.AnalysisApplication.class, Map.of());
        }

        JsonNode envelope = awaitFinished(jobId);
        assertThat(envelope.get("status").asString()).as(envelope.toString()).isEqualTo("completed");
        assertThat(envelope.get("result").get("failures")).hasSize(1);
        assertThat(envelope.get("result").get("progress_log").toString()).contains("waiting_for_jenkins");
    }

    @Test
    void anInternalJenkinsUrlIsRefusedAtSubmission() throws Exception {
        HttpResponse<String> refused = post("{\"job_name\": \"app\", \"build_number\": 1, \"jenkins_url\": \"http://169.254.169.254/\"}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("ssrf_blocked");
    }

    private static String base() {
        return "http://127.0.0.1:" + jenkins.port() + "/";
    }

    private static Path corpus() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus").resolve("jenkins");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("shared/corpus/jenkins not found");
    }

    private static String path(String job, int number) {
        StringBuilder path = new StringBuilder("/");
        for (String segment : job.split("/")) {
            path.append("job/").append(segment).append('/');
        }
        return path.append(number).append('/').toString();
    }

    /** The recorded failed build as {@code job #number}; a null result means still building. */
    private static void stubBuild(String job, int number, String result) throws Exception {
        ObjectNode build = (ObjectNode) json.readTree(Files.readString(corpus().resolve("build-failed-changes.json")));
        build.put("number", number);
        build.put("url", base() + path(job, number).substring(1));
        build.put("building", result == null);
        if (result == null) {
            build.putNull("result");
        } else {
            build.put("result", result);
        }
        build.set("artifacts", json.createArrayNode());
        jenkins.stubFor(get(urlPathEqualTo(path(job, number) + "api/json")).willReturn(okJson(build.toString())));
        jenkins.stubFor(get(urlPathEqualTo(path(job, number) + "logText/progressiveText"))
                .willReturn(aResponse().withBody("Finished: " + result)));
    }

    /** The recorded test report with one failed test added. */
    private static void stubTestReport(String job, int number) throws Exception {
        ObjectNode report = (ObjectNode) json.readTree(Files.readString(corpus().resolve("testReport-changes.json")));
        ObjectNode failed = ((ArrayNode) report.get("suites").get(0).get("cases")).addObject();
        failed.put("className", "tests.api.CheckoutTest");
        failed.put("name", "pays");
        failed.put("status", "REGRESSION");
        failed.put("errorDetails", "java.net.ConnectException: Connection refused");
        failed.put("errorStackTrace", "java.net.ConnectException: Connection refused\n\tat com.acme.Pay.call(Pay.java:9)");
        jenkins.stubFor(get(urlPathEqualTo(path(job, number) + "testReport/api/json")).willReturn(okJson(report.toString())));
    }

    private static String status(String jobId) throws Exception {
        return json.readTree(fetch("/results/" + jobId).body()).get("status").asString();
    }

    private static JsonNode awaitFinished(String jobId) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> fetch("/results/" + jobId).statusCode() == 200);
        return json.readTree(fetch("/results/" + jobId).body());
    }

    private static HttpResponse<String> fetch(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
