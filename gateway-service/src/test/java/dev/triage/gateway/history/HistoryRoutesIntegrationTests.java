package dev.triage.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.triage.testsupport.TriageIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The public history routes against a stand-in history service: what is forwarded (names as text, the caller), what
 * the gateway refuses itself (pagination caps) and what a history service that is down gives (503).
 */
@TriageIntegrationTest
class HistoryRoutesIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpServer STUB;
    private static final CopyOnWriteArrayList<Seen> SEEN = new CopyOnWriteArrayList<>();
    private static volatile int answerStatus = 200;
    private static volatile String answerBody = "{\"ok\":true}";

    static {
        try {
            STUB = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        STUB.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            SEEN.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    query(exchange.getRequestURI().getRawQuery()), exchange.getRequestURI().getRawQuery(), body,
                    exchange.getRequestHeaders().getFirst("X-Triage-Actor"),
                    exchange.getRequestHeaders().getFirst("X-Triage-Admin")));
            byte[] answer = answerBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answerStatus, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        STUB.start();
    }

    @DynamicPropertySource
    static void history(DynamicPropertyRegistry registry) {
        registry.add("triage.gateway.services.history", () -> "http://127.0.0.1:" + STUB.getAddress().getPort());
        registry.add("triage.gateway.access.anonymous", () -> "read,analysis");
    }

    @AfterAll
    static void stop() {
        STUB.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    @BeforeEach
    void reset() {
        SEEN.clear();
        answerStatus = 200;
        answerBody = "{\"ok\":true}";
    }

    @Test
    void testNamesWithDotsAndSlashesReachTheHistoryAsText() throws Exception {
        var response = send("GET", "/history/test/tests.network/TestDNS.test_lookup?limit=10&job_name=folder/nightly", null,
                null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        Seen seen = SEEN.getLast();
        assertThat(seen.path()).isEqualTo("/internal/history/test");
        assertThat(seen.query()).containsEntry("test_name", "tests.network/TestDNS.test_lookup").containsEntry("limit", "10")
                .containsEntry("job_name", "folder/nightly").doesNotContainKey("exclude_job_id");
        assertThat(seen.actor()).isEqualTo("anonymous");
        assertThat(seen.admin()).isEqualTo("false");

        send("GET", "/history/stats/folder/nightly-e2e", null, null);
        assertThat(SEEN.getLast().query()).containsEntry("job_name", "folder/nightly-e2e");
    }

    @Test
    void hostileParametersArriveVerbatim() throws Exception {
        String hostile = "{\"$gt\":\"\"} .* & a=b + (";
        send("GET", "/history/failures?search=" + enc(hostile) + "&classification=" + enc("$ne"), null, null);
        assertThat(SEEN.getLast().query()).containsEntry("search", hostile).containsEntry("classification", "$ne");
        send("GET", "/history/search?signature=" + enc(hostile), null, null);
        assertThat(SEEN.getLast().query()).containsEntry("signature", hostile);
    }

    @Test
    void pagingBeyondTheCapsIsRefusedWithoutAskingTheHistory() throws Exception {
        assertThat(send("GET", "/history/failures?limit=201", null, null).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/history/failures?offset=-1", null, null).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/history/failures?limit=0", null, null).statusCode()).isEqualTo(422);
        assertThat(send("GET", "/history/test/a.b?limit=101", null, null).statusCode()).isEqualTo(422);
        assertThat(SEEN).isEmpty();
        assertThat(send("GET", "/history/failures?limit=200&offset=400", null, null).statusCode()).isEqualTo(200);
        assertThat(SEEN.getLast().query()).containsEntry("limit", "200").containsEntry("offset", "400");
    }

    @Test
    void theHistorysErrorsArePassedOn() throws Exception {
        answerStatus = 404;
        answerBody = "{\"code\":\"not_found\",\"message\":\"Job not found\"}";
        var response = send("PUT", "/results/job-1/override-classification",
                "{\"test_name\":\"a\",\"classification\":\"PRODUCT BUG\"}", TriageIntegrationTest.ADMIN_KEY);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("not_found");
    }

    @Test
    void writesNameTheCallerAndNeedCredentials() throws Exception {
        answerStatus = 201;
        answerBody = "{\"id\":7}";
        assertThat(send("POST", "/results/job-1/comments", "{\"test_name\":\"a\",\"comment\":\"@bob\"}", null).statusCode())
                .isEqualTo(401);
        var created = send("POST", "/results/job-1/comments", "{\"test_name\":\"a\",\"comment\":\"@bob\"}",
                TriageIntegrationTest.ADMIN_KEY);
        assertThat(created.statusCode()).isEqualTo(201);
        Seen seen = SEEN.getLast();
        assertThat(seen.path()).isEqualTo("/internal/results/job-1/comments");
        assertThat(seen.body()).contains("@bob");
        assertThat(seen.actor()).isNotEqualTo("anonymous");
        assertThat(seen.admin()).isEqualTo("true");
    }

    @Test
    void folderStyleJobNamesReachTheMetadataRoutes() throws Exception {
        answerBody = "{\"job_name\":\"folder/sub/my-job\"}";
        assertThat(send("GET", "/api/jobs/folder/sub/my-job/metadata", null, null).statusCode()).isEqualTo(200);
        assertThat(SEEN.getLast().path()).isEqualTo("/internal/jobs/metadata/one");
        assertThat(SEEN.getLast().query()).containsEntry("job_name", "folder/sub/my-job");
        assertThat(send("PUT", "/api/jobs/folder/sub/my-job/metadata", "{\"team\":\"platform\"}", null).statusCode())
                .isEqualTo(401);
        assertThat(send("PUT", "/api/jobs/folder/sub/my-job/metadata", "{\"team\":\"platform\"}",
                TriageIntegrationTest.ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(SEEN.getLast().method()).isEqualTo("PUT");
        assertThat(SEEN.getLast().body()).contains("platform");
        answerBody = "[]";
        send("GET", "/api/jobs/metadata?team=platform&label=nightly&label=smoke", null, null);
        assertThat(SEEN.getLast().path()).isEqualTo("/internal/jobs/metadata");
        assertThat(SEEN.getLast().rawQuery()).isEqualTo("team=platform&label=nightly&label=smoke");
        send("GET", "/api/jobs/metadata/rules", null, null);
        assertThat(SEEN.getLast().path()).isEqualTo("/internal/jobs/metadata/rules");
    }

    @Test
    void theDashboardIsAReadRoute() throws Exception {
        answerBody = "[]";
        var response = send("GET", "/api/dashboard", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SEEN.getLast().path()).isEqualTo("/internal/dashboard");
    }

    @Test
    void aHistoryServiceThatFailsGives503WithRetryAfter() throws Exception {
        answerStatus = 503;
        answerBody = "{}";
        var response = send("GET", "/results/job-1/review-status", null, null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    record Seen(String method, String path, Map<String, String> query, String rawQuery, String body, String actor,
            String admin) {
    }
}
