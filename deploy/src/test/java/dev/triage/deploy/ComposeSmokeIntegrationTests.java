package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/compose as operators run it, where Docker exists (skipped elsewhere): the images built from the exec jars,
 * real Kafka, the MongoDB replica set, two analysis workers, Prometheus. An analysis goes through, the dead-letter
 * admin route reaches Kafka, and Prometheus scrapes every service, both workers included.
 *
 * <p>Needs the exec jars ({@code ./triage build}); without them the class is skipped with that reason.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeSmokeIntegrationTests {

    static final Path COMPOSE_FILE = Path.of("compose/docker-compose.yml");
    static final List<String> SERVICES = List.of("gateway-service", "analysis-service", "tracker-service", "history-service",
            "notification-service");
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    static ComposeContainer compose;
    static String adminKey;

    @BeforeAll
    static void start() throws Exception {
        for (String service : SERVICES) {
            assumeTrue(Files.exists(Path.of("..", service, "target", service + "-0.1.0-SNAPSHOT-exec.jar")),
                    "the exec jars are missing: run ./triage build first");
        }
        // fresh secrets in a private env file instead of the placeholders of .env.example
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        adminKey = HexFormat.of().formatHex(random.generateSeed(16));
        Path env = Files.createTempFile("triage-compose", ".env");
        Files.writeString(env, "TRIAGE_ADMIN_KEY=" + adminKey + "\nTRIAGE_SECRET_KEY=" + Base64.getEncoder().encodeToString(secret)
                + "\nGRAFANA_ADMIN_PASSWORD=" + HexFormat.of().formatHex(random.generateSeed(8)) + "\n");
        compose = new ComposeContainer(new File(COMPOSE_FILE.toString()))
                .withEnv("TRIAGE_ENV_FILE", env.toAbsolutePath().toString())
                .withBuild(true)
                .withScaledService("analysis-service", 2)
                .withExposedService("gateway-service", 8080,
                        Wait.forHttp("/actuator/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(6)))
                .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200))
                .withRemoveVolumes(true);
        compose.start();
    }

    @AfterAll
    static void stop() {
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void anAnalysisGoesThroughAndPrometheusScrapesEveryServiceAndBothWorkers() throws Exception {
        String gateway = "http://" + compose.getServiceHost("gateway-service", 8080) + ":" + compose.getServicePort("gateway-service", 8080);
        HttpResponse<String> analysed = http.send(HttpRequest.newBuilder(URI.create(gateway + "/analyze-failures"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"failures\":[{\"test_name\":\"a.B.c\",\"error_message\":"
                        + "\"java.net.ConnectException: Connection refused\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(analysed.statusCode()).as(analysed.body()).isEqualTo(200);
        assertThat(json.readTree(analysed.body()).path("status").asString("")).isEqualTo("completed");

        HttpResponse<String> deadLetters = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/admin/dead-letters"))
                .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deadLetters.statusCode()).as(deadLetters.body()).isEqualTo(200);

        String prometheus = "http://" + compose.getServiceHost("prometheus", 9090) + ":" + compose.getServicePort("prometheus", 9090);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String service : SERVICES) {
                int expected = service.equals("analysis-service") ? 2 : 1;
                assertThat(upInstances(prometheus, service)).as(service).isEqualTo(expected);
            }
        });
    }

    static int upInstances(String prometheus, String service) throws Exception {
        String query = URLEncoder.encode("count(up{service=\"" + service + "\"} == 1)", StandardCharsets.UTF_8);
        JsonNode body = json.readTree(http.send(HttpRequest.newBuilder(URI.create(prometheus + "/api/v1/query?query=" + query))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode result = body.path("data").path("result");
        return result.isEmpty() ? 0 : Integer.parseInt(result.get(0).get("value").get(1).asString());
    }
}
