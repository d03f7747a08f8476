package dev.triage.analysis.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jenkins jobs through the worker on real Kafka and the embedded store, against a loopback Jenkins serving the
 * recorded corpus. Loopback is allowed by configuration here; the default refuses it (JenkinsClientUnitTests).
 */
@TriageIntegrationTest
@TestPropertySource(properties = {
    "triage.analysis.jenkins.allowed-networks=127.0.0.1/32",
    "triage.analysis.jenkins.max-attempts=2",
    "triage.analysis.jenkins.retry-backoff=20ms",
    "triage.analysis.jenkins.max-poll-interval=300ms",
    "triage.analysis.jenkins.recheck-interval=100ms",
    "triage.analysis.jenkins.child-depth=2"})
class JenkinsAnalysisIntegrationTests {

    static final FakeJenkins jenkins = new FakeJenkins();

    @Autowired
    EventPublisher publisher;

    @Autowired
    MongoTemplate mongo;

    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    int port;

    @AfterAll
    static void stop() {
        jenkins.close();
    }

    @Test
    void aFailedBuildsTestReportBecomesGroupedClassifiedFailures() {
        jenkins.stubBuild("folder/app", 12, jenkins.build("folder/app", 12, "UNSTABLE"));
        jenkins.stubTestReport("folder/app", 12, FakeJenkins.testReport(
                new String[] {"tests.api.CartTest", "addsItem", "java.net.ConnectException: Connection refused",
                    "java.net.ConnectException: Connection refused\n\tat com.acme.Client.call(Client.java:10)"},
                new String[] {"tests.api.CartTest", "removesItem", "java.net.ConnectException: Connection refused",
                    "java.net.ConnectException: Connection refused\n\tat com.acme.Client.call(Client.java:10)"},
                new String[] {"tests.api.CartTest", "totals", "expected:<3> but was:<2>",
                    "org.opentest4j.AssertionFailedError: expected:<3> but was:<2>\n\tat tests.api.CartTest.totals(CartTest.java:42)"}));

        Document result = analyse("folder/app", 12, Map.of());

        assertThat(result.getString("status")).isEqualTo("completed");
        assertThat(result.getString("job_name")).isEqualTo("folder/app");
        assertThat(result.getInteger("build_number")).isEqualTo(12);
        assertThat(result.getString("jenkins_url")).isEqualTo(jenkins.buildUrl("folder/app", 12)).contains("/job/folder/job/app/12/");
        assertThat(failures(result)).hasSize(3);
        assertThat(failures(result).getFirst().get("analysis", Document.class).getString("classification")).isEqualTo("INFRASTRUCTURE");
        assertThat(result.getList("failure_groups", Document.class)).hasSize(2);
        Document totals = result.get("totals", Document.class);
        assertThat(totals.getInteger("tests")).isEqualTo(5);
        assertThat(totals.getInteger("failures")).isEqualTo(3);
        assertThat(totals.getInteger("skipped")).isEqualTo(1);
    }

    @Test
    void aSuccessfulBuildCompletesAtOnceWithNoFailuresUnlessForced() {
        jenkins.stubBuild("green", 3, jenkins.build("green", 3, "SUCCESS"));
        jenkins.stubTestReport("green", 3, FakeJenkins.corpusJson("testReport-changes.json"));

        Document result = analyse("green", 3, Map.of());

        assertThat(failures(result)).isEmpty();
        assertThat(result.getString("summary")).startsWith("No failures");
        assertThat(result.get("totals", Document.class).getInteger("tests")).isEqualTo(2);
        jenkins.server.verify(0, getRequestedFor(urlPathEqualTo(jenkins.path("green", 3, "logText/progressiveText"))));
    }

    @Test
    void aRunningBuildIsWaitedForWithoutAWorkerAndAnalysedWhenItFinishes() {
        ObjectNode running = jenkins.build("nightly", 5, null);
        ObjectNode finished = jenkins.build("nightly", 5, "UNSTABLE");
        String info = jenkins.path("nightly", 5, "api/json");
        jenkins.server.stubFor(get(urlPathEqualTo(info)).inScenario("nightly").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second poll").willReturn(okJson(running.toString())));
        jenkins.server.stubFor(get(urlPathEqualTo(info)).inScenario("nightly").whenScenarioStateIs("second poll")
                .willSetStateTo("finished").willReturn(okJson(running.toString())));
        jenkins.server.stubFor(get(urlPathEqualTo(info)).inScenario("nightly").whenScenarioStateIs("finished")
                .willReturn(okJson(finished.toString())));
        jenkins.stubTestReport("nightly", 5, FakeJenkins.testReport(new String[] {"tests.e2e.Login", "admin",
            "AssertionError: expected 200 got 500", "AssertionError: expected 200 got 500\n\tat tests.e2e.Login.admin(Login.java:5)"}));

        String jobId = submit("nightly", 5, Map.of("poll_interval_minutes", 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.findById(jobId, Document.class, "jenkins_waits") != null);

        Document result = awaitResult(jobId);
        assertThat(result.getString("status")).isEqualTo("completed");
        assertThat(failures(result)).hasSize(1);
        // the worker finishes the claim and forgets the wait just after it stores the result
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Document claim = mongo.findById(jobId, Document.class, "job_claims");
            assertThat(claim.getInteger("attempt")).as("claimed once per look at the build").isGreaterThanOrEqualTo(3);
            assertThat(claim.getBoolean("done")).isTrue();
            assertThat(mongo.findById(jobId, Document.class, "jenkins_waits")).as("no longer waiting").isNull();
        });
        jenkins.server.verify(4, getRequestedFor(urlPathEqualTo(info)));
    }

    @Test
    void aPipelinesFailedChildrenAreAnalysedTwoLevelsDeepWithANoteWhereItStops() {
        jenkins.stubBuild("pipeline", 20, jenkins.build("pipeline", 20, "FAILURE"));
        jenkins.stubConsole("pipeline", 20, """
                Started by user anonymous
                [Pipeline] build (Building pipeline » component-tests)
                Starting building: pipeline » component-tests #42
                Build pipeline » component-tests #42 completed: FAILURE
                ERROR: pipeline » component-tests #42 completed with status FAILURE (propagate: false to ignore)
                Finished: FAILURE""");
        ObjectNode child = jenkins.build("pipeline/component-tests", 42, "FAILURE");
        child.set("subBuilds", FakeJenkins.JSON.readTree("""
                [{"jobName": "ui-tests", "buildNumber": 3, "result": "FAILURE", "url": "job/ui-tests/3/"},
                 {"jobName": "api-tests", "buildNumber": 8, "result": "SUCCESS", "url": "job/api-tests/8/"}]"""));
        jenkins.stubBuild("pipeline/component-tests", 42, child);
        jenkins.stubTestReport("pipeline/component-tests", 42, FakeJenkins.testReport(new String[] {"tests.component.Checkout",
            "pays", "java.net.SocketTimeoutException: Read timed out", "java.net.SocketTimeoutException: Read timed out"}));
        jenkins.stubConsole("pipeline/component-tests", 42, "Finished: FAILURE");
        jenkins.stubBuild("ui-tests", 3, jenkins.build("ui-tests", 3, "FAILURE"));
        jenkins.stubTestReport("ui-tests", 3, FakeJenkins.testReport(new String[] {"tests.ui.Cart", "shows",
            "expected:<1> but was:<2>", "org.opentest4j.AssertionFailedError: expected:<1> but was:<2>"}));
        jenkins.stubConsole("ui-tests", 3, "Build deeper #1 completed: FAILURE\nFinished: FAILURE");

        Document result = analyse("pipeline", 20, Map.of());

        assertThat(failures(result)).as("the parent failed only through its children").isEmpty();
        List<Document> children = result.getList("child_job_analyses", Document.class);
        assertThat(children).hasSize(1);
        Document component = children.getFirst();
        assertThat(component.getString("job_name")).isEqualTo("pipeline/component-tests");
        assertThat(component.getInteger("build_number")).isEqualTo(42);
        assertThat(failures(component)).extracting(f -> f.getString("test_name")).containsExactly("tests.component.Checkout.pays");
        List<Document> grandchildren = component.getList("failed_children", Document.class);
        assertThat(grandchildren).extracting(g -> g.getString("job_name")).containsExactly("ui-tests");
        Document ui = grandchildren.getFirst();
        assertThat(failures(ui)).hasSize(1);
        assertThat(ui.getString("note")).contains("depth 2").contains("deeper #1");
        assertThat(result.get("totals", Document.class).getInteger("failures")).isEqualTo(2);
    }

    @Test
    void aBuildThatFailedBeforeAnyTestRanIsAnalysedFromItsConsoleAndStages() {
        jenkins.stubBuild("compile", 9, jenkins.build("compile", 9, "FAILURE"));
        jenkins.stubStages("compile", 9, FakeJenkins.JSON.readTree(FakeJenkins.corpusText("wfapi-runs-failed-stageview.json")).get(0));
        jenkins.stubConsole("compile", 9, FakeJenkins.corpusText("consoleText-jenkins-rest.txt").replace("Finished: SUCCESS", "")
                + "[INFO] --- maven-compiler-plugin:3.11.0:compile ---\n"
                + "[ERROR] /work/src/main/java/com/acme/Cart.java:[12,5] cannot find symbol\n"
                + "[ERROR]   symbol:   class Money\n[INFO] BUILD FAILURE\nFinished: FAILURE\n");

        Document result = analyse("compile", 9, Map.of());

        assertThat(result.getString("summary")).doesNotStartWith("No failures");
        List<Document> failures = failures(result);
        assertThat(failures).hasSize(1);
        assertThat(failures.getFirst().getString("test_name")).isEqualTo("compile #9 (stage Staging): compilation failed");
        assertThat(failures.getFirst().getString("error")).contains("Cart.java:[12,5] cannot find symbol");
        assertThat(failures.getFirst().get("analysis", Document.class).getString("classification")).isEqualTo("CODE ISSUE");
        assertThat(result.getList("failed_stages", String.class)).containsExactly("Staging");
    }

    @Test
    void junitReportsInTheArtifactsAreReadAndAnArchiveThatEscapesIsRefused() throws Exception {
        ObjectNode build = jenkins.build("archive", 4, "FAILURE");
        build.set("artifacts", FakeJenkins.JSON.readTree("[{\"relativePath\": \"reports.zip\"}]"));
        jenkins.stubBuild("archive", 4, build);
        jenkins.stubConsole("archive", 4, "Finished: FAILURE");
        String junit = """
                <testsuite name="a" tests="2"><testcase classname="com.acme.Inventory" name="counts">
                <failure message="java.lang.OutOfMemoryError: Java heap space">java.lang.OutOfMemoryError: Java heap space</failure>
                </testcase><testcase classname="com.acme.Inventory" name="adds"/></testsuite>""";
        jenkins.stub(jenkins.path("archive", 4, "artifact/reports.zip"), aResponse().withBody(zip(Map.of(
                "surefire/TEST-com.acme.Inventory.xml", junit, "../../../escaped-" + UUID.randomUUID() + ".xml", junit))));

        Document result = analyse("archive", 4, Map.of("get_job_artifacts", true, "jenkins_artifacts_max_size_mb", 1));

        assertThat(failures(result)).extracting(f -> f.getString("test_name")).contains("com.acme.Inventory.counts");
        Document artifacts = result.get("artifacts", Document.class);
        assertThat(artifacts.getList("reports", String.class)).containsExactly("reports/surefire/TEST-com.acme.Inventory.xml");
        assertThat(artifacts.getList("refused", String.class)).singleElement().asString().contains("unsafe path");
    }

    @Test
    void jenkinsErrorsFailTheJobWithTheirOwnCodes() {
        jenkins.stub(jenkins.path("locked", 1, "api/json"), aResponse().withStatus(401));
        jenkins.stub(jenkins.path("broken", 1, "api/json"), aResponse().withStatus(500));
        jenkins.stub(jenkins.path("slow", 1, "api/json"), okJson("{}").withFixedDelay(3_000));
        assertThat(errorCode(analyse("locked", 1, Map.of()))).isEqualTo("jenkins_auth_failed");
        assertThat(errorCode(analyse("no-such-job", 1, Map.of()))).isEqualTo("jenkins_not_found");
        assertThat(errorCode(analyse("broken", 1, Map.of()))).isEqualTo("jenkins_error");
        assertThat(errorCode(analyse("slow", 1, Map.of("jenkins_timeout", 1)))).isEqualTo("jenkins_timeout");
        assertThat(errorCode(analyse("any", 1, Map.of("jenkins_url", "http://127.0.0.1:1/")))).isEqualTo("jenkins_unreachable");
        assertThat(errorCode(analyse("any", 1, Map.of("jenkins_url", "http://169.254.169.254/")))).isEqualTo("ssrf_blocked");
    }

    @Test
    void aBuildStillRunningAfterMaxWaitMinutesFailsTheJobWithJenkinsWaitTimeout() {
        jenkins.stubBuild("endless", 2, jenkins.build("endless", 2, null));
        String jobId = UUID.randomUUID().toString();
        // the job has been waiting for two minutes already (as if parked earlier); its next check is not due yet
        mongo.insert(new Document("_id", jobId).append("request", "{}").append("checks", 3)
                .append("waitingSince", java.util.Date.from(java.time.Instant.now().minus(Duration.ofMinutes(2))))
                .append("nextCheckAt", java.util.Date.from(java.time.Instant.now().plus(Duration.ofHours(1)))), "jenkins_waits");

        submit(jobId, "endless", 2, Map.of("max_wait_minutes", 1));

        Document result = awaitResult(jobId);
        assertThat(errorCode(result)).isEqualTo("jenkins_wait_timeout");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.findById(jobId, Document.class, "jenkins_waits") == null);
    }

    @Test
    void eachJenkinsHostHasItsCircuitBreakerInTheMetrics() throws Exception {
        jenkins.stubBuild("metered", 1, jenkins.build("metered", 1, "SUCCESS"));
        analyse("metered", 1, Map.of());
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("resilience4j_circuitbreaker_state{")
                .contains("name=\"jenkins:127.0.0.1:" + jenkins.server.port() + "\"");
    }

    private Document analyse(String job, int build, Map<String, Object> extra) {
        return awaitResult(submit(job, build, extra));
    }

    private String submit(String job, int build, Map<String, Object> extra) {
        return submit(UUID.randomUUID().toString(), job, build, extra);
    }

    private String submit(String jobId, String job, int build, Map<String, Object> extra) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("job_name", job);
        parameters.put("build_number", build);
        parameters.put("jenkins_url", jenkins.base());
        parameters.putAll(extra);
        publisher.publish(Topics.ANALYSIS_REQUESTED, AnalysisRequested.of("it-" + jobId, jobId, AnalysisKind.JENKINS, null,
                parameters)).join();
        return jobId;
    }

    private Document awaitResult(String jobId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.findById(jobId, Document.class, "analysis_results") != null);
        return mongo.findById(jobId, Document.class, "analysis_results").get("result", Document.class);
    }

    private static List<Document> failures(Document result) {
        return result.getList("failures", Document.class);
    }

    private static String errorCode(Document result) {
        return result.get("error", Document.class).getString("code");
    }

    private static byte[] zip(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
