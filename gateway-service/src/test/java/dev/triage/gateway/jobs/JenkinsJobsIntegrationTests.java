package dev.triage.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.secrets.SecretSeal;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /analyze} on the gateway alone (no worker runs): what is stored, what is refused, and how a waiting job
 * looks in the registry. No allow-list is configured, so the default SSRF policy applies.
 */
@TriageIntegrationTest
@TestPropertySource(properties = {"TRIAGE_SECRET_KEY=" + JenkinsJobsIntegrationTests.KEY,
        "triage.gateway.analysis.lease-timeout=1s", "triage.gateway.jenkins.poll-interval-minutes=3"})
class JenkinsJobsIntegrationTests {

    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Jobs jobs;

    @Autowired
    PayloadStore payloads;

    @Autowired
    JobSweeper sweeper;

    @Test
    void aJenkinsRequestIsQueuedAtOnceWithDefaultsAndItsCredentialsSealedOutOfSight() throws Exception {
        var response = post("""
                {"job_name": "folder/nightly-e2e", "build_number": 4281, "jenkins_url": "http://93.184.216.34/",
                 "jenkins_user": "ci-bot", "jenkins_password": "api-token-1234567890", "ai_provider": "claude",
                 "get_job_artifacts": true, "jenkins_timeout": 20}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode queued = JSON.readTree(response.body());
        assertThat(queued.get("status").asString()).isEqualTo("queued");
        Job job = jobs.find(queued.get("job_id").asString()).orElseThrow();
        assertThat(job.kind()).isEqualTo("jenkins");
        assertThat(job.requestParams()).containsEntry("job_name", "folder/nightly-e2e").containsEntry("build_number", 4281)
                .containsEntry("wait_for_completion", true).containsEntry("poll_interval_minutes", 3)
                .containsEntry("max_wait_minutes", 0).containsEntry("force", false).containsEntry("get_job_artifacts", true)
                .containsEntry("jenkins_timeout", 20).containsEntry("ai_provider", "claude")
                .doesNotContainKeys("jenkins_user", "jenkins_password");
        assertThat(job.toString()).doesNotContain("api-token-1234567890").doesNotContain("ci-bot");
        String sealed;
        try (var in = payloads.open(job.payloadId()).orElseThrow()) {
            sealed = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(sealed).startsWith("v1:k1:").doesNotContain("api-token");
        String opened = SecretSeal.fromEnvironment(name -> name.equals("TRIAGE_SECRET_KEY") ? KEY : null)
                .open(sealed, "jenkins-credentials");
        assertThat(JSON.readTree(opened).get("jenkins_password").asString()).isEqualTo("api-token-1234567890");
        var result = get("/results/" + job.id());
        assertThat(result.statusCode()).isEqualTo(202);
        assertThat(result.body()).doesNotContain("api-token-1234567890").doesNotContain("jenkins_password");
        assertThat(JSON.readTree(result.body()).get("jenkins_url").asString())
                .isEqualTo("http://93.184.216.34/job/folder/job/nightly-e2e/4281/");
    }

    @Test
    void repositoryTokensAreSealedOutOfSightAndTheRequestEventPointsAtThem() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/analyze-failures"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"failures": [{"test_name": "t.A.b", "error_message": "boom"}],
                         "tests_repo_url": "https://git.example/tests:main", "tests_repo_token": "ghp_tests_token_0001",
                         "additional_repos": [{"name": "product", "url": "https://git.example/product",
                                               "token": "ghp_product_token_0002"},
                                              {"name": "docs", "url": "https://git.example/docs"}]}""")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Job job = jobs.find(JSON.readTree(response.body()).get("job_id").asString()).orElseThrow();
        assertThat(job.requestParams()).doesNotContainKey("tests_repo_token").containsKey("additional_repos");
        assertThat(job.toString()).doesNotContain("ghp_tests_token_0001").doesNotContain("ghp_product_token_0002");
        assertThat(JobRequests.requestOf(job).secrets().id()).isEqualTo(job.secretsId());
        assertThat(JobRequests.requestOf(job).toString()).doesNotContain("ghp_");
        String sealed;
        try (var in = payloads.open(job.secretsId()).orElseThrow()) {
            sealed = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(sealed).startsWith("v1:k1:").doesNotContain("ghp_");
        JsonNode opened = JSON.readTree(SecretSeal.fromEnvironment(name -> name.equals("TRIAGE_SECRET_KEY") ? KEY : null)
                .open(sealed, "repo-tokens"));
        assertThat(opened.get("tests_repo_token").asString()).isEqualTo("ghp_tests_token_0001");
        assertThat(opened.get("additional_repos").get("product").asString()).isEqualTo("ghp_product_token_0002");
        assertThat(opened.get("additional_repos").has("docs")).isFalse();
        assertThat(get("/results/" + job.id()).body()).doesNotContain("ghp_").doesNotContain("tests_repo_token");

        // a re-analysis without tokens of its own keeps the original's sealed tokens
        var again = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/re-analyze/" + job.id()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(jobs.find(JSON.readTree(again.body()).get("job_id").asString()).orElseThrow().secretsId())
                .isEqualTo(job.secretsId());

        // no tokens, nothing sealed
        var plain = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/analyze-failures"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"failures\": [{\"test_name\": \"t.A.c\", \"error_message\": \"x\"}],"
                        + " \"tests_repo_token\": \"\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(jobs.find(JSON.readTree(plain.body()).get("job_id").asString()).orElseThrow().secretsId()).isNull();
    }

    @Test
    void internalJenkinsUrlsAreRefusedBeforeAnyJobExists() throws Exception {
        long before = jobs.countByStatus(JobStatus.PENDING);
        for (String url : List.of("http://127.0.0.1:8080/", "http://169.254.169.254/latest/", "http://10.0.0.5/",
                "http://[::1]/", "http://localhost/", "file:///etc/passwd")) {
            var response = post("{\"job_name\": \"app\", \"build_number\": 1, \"jenkins_url\": \"" + url + "\"}");
            assertThat(response.statusCode()).as(url).isEqualTo(422);
            assertThat(JSON.readTree(response.body()).get("code").asString()).as(url).isEqualTo("ssrf_blocked");
        }
        assertThat(jobs.countByStatus(JobStatus.PENDING)).isEqualTo(before);
    }

    @Test
    void badJenkinsFieldsAre422() throws Exception {
        for (String body : List.of("{\"build_number\": 1}", "{\"job_name\": \"app\"}",
                "{\"job_name\": \"app\", \"build_number\": \"12\"}", "{\"job_name\": \"../../etc\", \"build_number\": 1}",
                "{\"job_name\": \"app\", \"build_number\": 1, \"poll_interval_minutes\": 0}",
                "{\"job_name\": \"app\", \"build_number\": 1, \"max_wait_minutes\": -1}",
                "{\"job_name\": \"app\", \"build_number\": 1, \"force\": \"yes\"}",
                "{\"job_name\": \"app\", \"build_number\": 1, \"jenkins_password\": 42}")) {
            var response = post(body);
            assertThat(response.statusCode()).as(body).isEqualTo(422);
            assertThat(JSON.readTree(response.body()).get("code").asString()).as(body).isEqualTo("validation_error");
        }
    }

    @Test
    void aJobWaitingForJenkinsIsWaitingAndNotHandedOutWhileItsPollIntervalLasts() throws Exception {
        var response = post("{\"job_name\": \"app\", \"build_number\": 7, \"poll_interval_minutes\": 5}");
        String jobId = JSON.readTree(response.body()).get("job_id").asString();
        // the sweeper leaves a job alone while its request is still unpublished: wait for the relay first
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> jobs.find(jobId).orElseThrow().outbox().isEmpty());
        Instant at = Instant.now().minus(Duration.ofMinutes(2));
        assertThat(jobs.applyProgress(jobId, 1_000_001, Jobs.WAITING_PHASE, "Build app #7 is still running", at)).isTrue();
        Job waiting = jobs.find(jobId).orElseThrow();
        assertThat(waiting.status()).isEqualTo(JobStatus.WAITING);
        assertThat(waiting.phase()).isEqualTo("waiting_for_jenkins");

        sweeper.handOutStalledJobs(List.of(waiting), Instant.now());
        assertThat(jobs.find(jobId).orElseThrow().attempt()).as("two minutes quiet is normal for a 5-minute poll").isEqualTo(1);

        sweeper.handOutStalledJobs(List.of(waiting), Instant.now().plus(Duration.ofMinutes(5)));
        assertThat(jobs.find(jobId).orElseThrow().attempt()).as("silent past poll and lease: handed out again").isEqualTo(2);
        assertThat(sweeper.quietFor(waiting)).isEqualTo(Duration.ofSeconds(1).plus(Duration.ofMinutes(5)));
        assertThat(JSON.readTree(get("/results/" + jobId).body()).get("status").asString()).isEqualTo("waiting");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/analyze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
