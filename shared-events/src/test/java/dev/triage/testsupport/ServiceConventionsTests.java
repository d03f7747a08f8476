package dev.triage.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * The conventions every service keeps, checked against the running service on real Kafka and the embedded store.
 * A service's test class extends this and is annotated {@link TriageIntegrationTest}.
 */
public abstract class ServiceConventionsTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Value("${spring.application.name}")
    String serviceName;

    protected HttpResponse<String> get(String path, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsUpOnTheEmbeddedStoreBecauseTheMongoCheckUsesPing() throws Exception {
        var health = get("/actuator/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void actuatorExposesHealthInfoAndPrometheusOnly() throws Exception {
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump"}) {
            assertThat(get(hidden).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void metricsCarryTheServiceAndInstanceTags() throws Exception {
        var metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("service=\"" + serviceName + "\"").contains("instance=\"");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void aValidRequestIdIsEchoedAndAHostileOneIsReplaced() throws Exception {
        assertThat(get("/actuator/health", "X-Request-Id", "ci-build-42.step_3").headers().firstValue("X-Request-Id"))
                .contains("ci-build-42.step_3");
        String replaced = get("/actuator/health", "X-Request-Id", "evil\tvalue<script>").headers()
                .firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).isNotEqualTo("evil\tvalue<script>").matches("[0-9a-f-]{36}");
    }

    @Test
    void unknownPathsGetTheErrorBodyWithACode() throws Exception {
        var response = get("/no/such/endpoint");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"not_found\"").contains("\"error_id\"").contains("\"detail\"");
    }
}
