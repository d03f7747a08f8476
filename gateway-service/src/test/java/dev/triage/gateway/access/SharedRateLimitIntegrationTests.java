package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.gateway.GatewayApplication;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * Two gateway replicas on one store spend one budget: requests alternate between them and the counters, the headers
 * and the 429 behave as if there were one gateway.
 */
@TriageIntegrationTest
@TestPropertySource(properties = {SharedRateLimitIntegrationTests.NOT_EXEMPT, SharedRateLimitIntegrationTests.WINDOW,
        SharedRateLimitIntegrationTests.LOGIN, SharedRateLimitIntegrationTests.EXPENSIVE,
        "triage.gateway.analysis.sync-wait=100ms"})
class SharedRateLimitIntegrationTests {

    static final String NOT_EXEMPT = "triage.gateway.access.rate-limits.exempt-networks=192.0.2.0/24";
    static final String WINDOW = "triage.gateway.access.rate-limits.window=1h";
    static final String LOGIN = "triage.gateway.access.rate-limits.login=3";
    static final String EXPENSIVE = "triage.gateway.access.rate-limits.expensive=2";

    private static ConfigurableApplicationContext second;

    @Value("${local.server.port}")
    int port;

    @Autowired
    Environment environment;

    Http first;
    Http other;

    @BeforeEach
    void replicas() {
        if (second == null) {
            List<String> args = new ArrayList<>();
            for (String key : List.of("spring.mongodb.uri", "spring.mongodb.database", "triage.payloads.database",
                    "spring.kafka.bootstrap-servers")) {
                args.add("--" + key + "=" + environment.getProperty(key));
            }
            for (String property : List.of(NOT_EXEMPT, WINDOW, LOGIN, EXPENSIVE, "server.port=0", "triage.kafka.partitions-override=3",
                    "triage.gateway.access.anonymous=read,analysis", "triage.gateway.access.anonymous-networks=127.0.0.0/8,::1",
                    "TRIAGE_ADMIN_KEY=" + TriageIntegrationTest.ADMIN_KEY, "triage.gateway.analysis.sync-wait=100ms")) {
                args.add("--" + property);
            }
            second = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
        }
        first = Http.on(port);
        other = Http.on(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void bothReplicasCountIntoOneBudgetAndSayWhatIsLeft() {
        HttpResponse<String> a = first.get("/results?limit=1");
        HttpResponse<String> b = other.get("/results?limit=1");
        HttpResponse<String> c = first.get("/results?limit=1");
        for (HttpResponse<String> r : List.of(a, b, c)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("300");
            assertThat(r.headers().firstValue("X-RateLimit-Reset")).isPresent();
        }
        int remainingA = Integer.parseInt(a.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertThat(b.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(remainingA - 1));
        assertThat(c.headers().firstValue("X-RateLimit-Remaining")).contains(Integer.toString(remainingA - 2));
    }

    @Test
    void signInAttemptsAreLimitedAcrossReplicasWith429AndRetryAfter() {
        String wrong = "{\"username\":\"nobody\",\"api_key\":\"wrong-key-wrong-key\"}";
        assertThat(first.post("/api/auth/login", wrong).statusCode()).isEqualTo(401);
        assertThat(other.post("/api/auth/login", wrong).statusCode()).isEqualTo(401);
        assertThat(first.post("/api/auth/login", wrong).statusCode()).isEqualTo(401);
        HttpResponse<String> limited = other.post("/api/auth/login", wrong);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Http.code(limited)).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(Http.json(limited).get("details").get("limit").asInt()).isEqualTo(3);
        // even the right key waits: guessing costs the same whoever is guessed
        String right = "{\"username\":\"admin\",\"api_key\":\"" + TriageIntegrationTest.ADMIN_KEY + "\"}";
        assertThat(first.post("/api/auth/login", right).statusCode()).isEqualTo(429);
        // failed bearer credentials spend the same budget
        assertThat(other.bearer("not-a-real-token-at-all").get("/results").statusCode()).isEqualTo(429);
    }

    @Test
    void analysisHasATighterBudgetThanReading() {
        String body = "{\"failures\":[{\"test_name\":\"t\"}]}";
        Http admin = first.bearer(TriageIntegrationTest.ADMIN_KEY);
        Http adminElsewhere = other.bearer(TriageIntegrationTest.ADMIN_KEY);
        assertThat(admin.post("/analyze-failures", body).statusCode()).isIn(200, 202);
        assertThat(adminElsewhere.post("/analyze-failures", body).statusCode()).isIn(200, 202);
        HttpResponse<String> third = admin.post("/analyze-failures", body);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("X-RateLimit-Limit")).contains("2");
        assertThat(adminElsewhere.get("/results?limit=1").statusCode()).isEqualTo(200);
    }
}
