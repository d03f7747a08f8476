package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysis flow on a real Kafka broker and a real MongoDB replica set, where Docker exists; skipped elsewhere.
 * Proves that nothing relies on a quirk of the in-JVM broker or the embedded store (real MongoDB enforces the 16 MB
 * document limit, real indexes and the hello command).
 */
@Testcontainers(disabledWithoutDocker = true)
class RealInfrastructureIntegrationTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:3.8.0");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    static TriageSystem system;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        system = TriageSystem.start(Map.of(), KAFKA.getBootstrapServers(), MONGO.getConnectionString());
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aReportIsAnalysedOnRealKafkaAndMongo() throws Exception {
        String report = "<testsuite name=\"s\"><testcase classname=\"a.B\" name=\"c\"><failure message=\"Connection refused\"/>"
                + "</testcase><testcase classname=\"a.B\" name=\"d\"/></testsuite>";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("raw_xml", report)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.get("totals").get("tests").asInt()).isEqualTo(2);
        assertThat(result.get("failures").get(0).get("analysis").get("classification").asString()).isEqualTo("INFRASTRUCTURE");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
