package dev.triage.analysis.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.triage.platform.net.NetworkGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class JenkinsClientUnitTests {

    static final FakeJenkins jenkins = new FakeJenkins();
    static final JenkinsClient client = new JenkinsClient(new NetworkGuard(List.of("127.0.0.1/32"), Set.of()),
            CircuitBreakerRegistry.ofDefaults(), 2, Duration.ofMillis(20), FakeJenkins.JSON);

    @AfterAll
    static void stop() {
        jenkins.close();
    }

    static JenkinsTarget target(Duration timeout) {
        return new JenkinsTarget(URI.create(jenkins.base()), "ci", "s3cret-token", true, timeout, 1_000_000);
    }

    @Test
    void folderJobNamesBecomeNestedJobPaths() {
        assertThat(JenkinsPaths.jobPath("folder/sub folder/job")).isEqualTo("job/folder/job/sub%20folder/job/job/");
        assertThat(JenkinsPaths.parseBuildUrl("https://ci.example.com/job/pipeline/job/component-tests/42/"))
                .isEqualTo(new JenkinsPaths.JobBuild("pipeline/component-tests", 42));
        jenkins.stubBuild("folder/app", 7, jenkins.build("folder/app", 7, "FAILURE"));
        assertThat(client.json(target(Duration.ofSeconds(5)), "job/folder/job/app/7/api/json").get("number").asInt()).isEqualTo(7);
    }

    @Test
    void eachKindOfFailureHasItsOwnCode() {
        jenkins.stub("/job/auth/1/api/json", aResponse().withStatus(401));
        jenkins.stub("/job/forbidden/1/api/json", aResponse().withStatus(403));
        jenkins.stub("/job/broken/1/api/json", aResponse().withStatus(500).withBody("java.lang.NullPointerException"));
        jenkins.stub("/job/slow/1/api/json", okJson("{}").withFixedDelay(1_500));
        assertCode("job/auth/1/api/json", JenkinsException.AUTH_FAILED);
        assertCode("job/forbidden/1/api/json", JenkinsException.AUTH_FAILED);
        assertCode("job/missing/1/api/json", JenkinsException.NOT_FOUND);
        assertCode("job/broken/1/api/json", JenkinsException.ERROR);
        assertThatThrownBy(() -> client.json(target(Duration.ofMillis(300)), "job/slow/1/api/json"))
                .isInstanceOfSatisfying(JenkinsException.class, e -> assertThat(e.code()).isEqualTo(JenkinsException.TIMEOUT));
        JenkinsTarget closed = new JenkinsTarget(URI.create("http://127.0.0.1:1/"), null, null, true, Duration.ofSeconds(2), 0);
        assertThatThrownBy(() -> client.json(closed, "api/json"))
                .isInstanceOfSatisfying(JenkinsException.class, e -> assertThat(e.code()).isEqualTo(JenkinsException.UNREACHABLE));
    }

    @Test
    void aPasswordNeverAppearsInAnError() {
        jenkins.stub("/job/auth2/1/api/json", aResponse().withStatus(401));
        assertThatThrownBy(() -> client.json(target(Duration.ofSeconds(2)), "job/auth2/1/api/json"))
                .hasMessageNotContaining("s3cret-token");
        assertThat(target(Duration.ofSeconds(1)).toString()).doesNotContain("s3cret-token");
    }

    @Test
    void aBriefOutageIsRetried() {
        jenkins.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/job/flaky/1/api/json").inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up").willReturn(aResponse().withStatus(503)));
        jenkins.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/job/flaky/1/api/json").inScenario("flaky")
                .whenScenarioStateIs("up").willReturn(okJson("{\"number\":1}")));
        assertThat(client.json(target(Duration.ofSeconds(2)), "job/flaky/1/api/json").get("number").asInt()).isEqualTo(1);
    }

    @Test
    void theDefaultGuardRefusesLoopbackLinkLocalAndPrivateAddresses() throws Exception {
        JenkinsClient strict = new JenkinsClient(NetworkGuard.strict(), CircuitBreakerRegistry.ofDefaults(), 1, Duration.ZERO,
                FakeJenkins.JSON);
        jenkins.stubBuild("app", 3, jenkins.build("app", 3, "FAILURE"));
        assertThatThrownBy(() -> strict.json(target(Duration.ofSeconds(2)), "job/app/3/api/json"))
                .isInstanceOfSatisfying(JenkinsException.class, e -> assertThat(e.code()).isEqualTo(JenkinsException.SSRF_BLOCKED));
        for (String internal : List.of("127.0.0.1", "169.254.169.254", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "::1", "fd00::1", "::ffff:127.0.0.1", "0.0.0.0")) {
            assertThat(NetworkGuard.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        assertThat(NetworkGuard.isInternal(InetAddress.getByName("93.184.216.34"))).isFalse();
        assertThatThrownBy(() -> NetworkGuard.strict().check(URI.create("file:///etc/passwd"))).isInstanceOf(NetworkGuard.Blocked.class);
        assertThatThrownBy(() -> NetworkGuard.strict().check(URI.create("http://user:pw@93.184.216.34/")))
                .isInstanceOf(NetworkGuard.Blocked.class);
    }

    @Test
    void aRedirectIsCheckedAgainBeforeItIsFollowed() {
        jenkins.stub("/job/moved/1/api/json", aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/"));
        jenkins.stub("/job/renamed/1/api/json", aResponse().withStatus(301).withHeader("Location", "/job/app/3/api/json"));
        jenkins.stubBuild("app", 3, jenkins.build("app", 3, "FAILURE"));
        assertCode("job/moved/1/api/json", JenkinsException.SSRF_BLOCKED);
        assertThat(client.json(target(Duration.ofSeconds(2)), "job/renamed/1/api/json").get("number").asInt()).isEqualTo(3);
    }

    @Test
    void aJenkinsThatKeepsFailingIsCutOffByItsCircuitBreakerWhileOthersAreNot() {
        try (FakeJenkins down = new FakeJenkins()) {
            JenkinsClient guarded = new JenkinsClient(new NetworkGuard(List.of("127.0.0.1/32"), Set.of()),
                    CircuitBreakerRegistry.ofDefaults(), 2, Duration.ZERO, FakeJenkins.JSON);
            down.stub("/api/json", aResponse().withStatus(503));
            JenkinsTarget sick = new JenkinsTarget(URI.create(down.base()), null, null, true, Duration.ofSeconds(2), 0);
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> guarded.json(sick, "api/json")).hasMessageContaining("HTTP 503");
            }
            int callsBefore = down.server.getAllServeEvents().size();
            assertThatThrownBy(() -> guarded.json(sick, "api/json"))
                    .isInstanceOfSatisfying(JenkinsException.class, e -> assertThat(e.code()).isEqualTo(JenkinsException.UNREACHABLE))
                    .hasMessageContaining("circuit breaker open");
            assertThat(down.server.getAllServeEvents()).as("no call reached the sick Jenkins").hasSize(callsBefore);
            jenkins.stubBuild("healthy", 1, jenkins.build("healthy", 1, "FAILURE"));
            assertThat(guarded.json(target(Duration.ofSeconds(2)), "job/healthy/1/api/json").get("number").asInt()).isEqualTo(1);
        }
    }

    private static void assertCode(String path, String code) {
        assertThatThrownBy(() -> client.json(target(Duration.ofSeconds(2)), path))
                .isInstanceOfSatisfying(JenkinsException.class, e -> assertThat(e.code()).as(path).isEqualTo(code));
    }
}
