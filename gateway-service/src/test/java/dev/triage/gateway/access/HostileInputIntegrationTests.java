package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.testsupport.TriageIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Garbage against every route of the access table, anonymously and as the admin: traversal and operator ids,
 * operator query parameters, very long query strings, wrong body types, unknown fields, {@code $}-operators, oversized
 * and malformed bodies, control characters in headers. Each answer is a 4xx with a {@code code}; no 5xx except the
 * 503 {@code service_unavailable} of routes forwarded to services this test does not start; and the store holds the
 * same documents afterwards.
 */
@TriageIntegrationTest
class HostileInputIntegrationTests {

    static final List<String> HOSTILE_IDS = List.of("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%24where", "%7B%22%24ne%22%3Anull%7D",
            "a%00b", "x".repeat(400), "%5C..%5Cwindows", "%3Cscript%3E");
    static final List<String> HOSTILE_QUERIES = List.of("%24where=sleep(1000)", "limit%5B%24gt%5D=0", "status%5B%24ne%5D=x",
            "q=" + "A".repeat(5000));
    static final List<String> HOSTILE_BODIES = List.of("[1,2,3]", "\"just a string\"", "42", "{\"a\":", "{\"a\":1,\"a\":2,",
            "{\"$where\":\"sleep(1000)\",\"username\":{\"$ne\":null},\"job_ids\":{\"$gt\":\"\"},\"failures\":{\"$ne\":null},"
                    + "\"role\":[\"admin\"],\"github_token\":{\"$gt\":\"\"},\"name\":{\"$regex\":\".*\"},\"new_key\":{\"$ne\":1}}",
            "{\"username\":12345,\"api_key\":true,\"job_ids\":5,\"failures\":7,\"raw_xml\":9,\"name\":[],\"role\":1,"
                    + "\"github_token\":1,\"new_key\":[],\"scopes\":\"admin\",\"test_name\":{}}");
    /** Routes that read no body: they get ids and queries only. */
    static final List<String> BODYLESS = List.of("POST /api/auth/logout");

    @Value("${local.server.port}")
    int port;

    @Autowired
    AccessTable table;

    @Autowired
    MongoTemplate mongo;

    @Test
    void everyRouteAnswersGarbageWithA4xxAndACodeAndNothingChanges() {
        Map<String, Long> before = documentCounts();
        List<String> problems = new ArrayList<>();
        int sent = 0;
        for (Http caller : List.of(Http.on(port), Http.on(port).bearer(TriageIntegrationTest.ADMIN_KEY))) {
            for (AccessTable.Route route : table.routes()) {
                String method = route.method();
                String path = route.path();
                boolean hasVariables = path.contains("{");
                String body = method.equals("GET") ? null : "{}";
                if (hasVariables) {
                    for (String id : HOSTILE_IDS) {
                        sent++;
                        check(problems, caller.send(method, fill(path, id), body), method + " " + fill(path, id));
                    }
                }
                String plain = fill(path, "no-such-id");
                for (String query : HOSTILE_QUERIES) {
                    sent++;
                    check(problems, caller.send(method, plain + "?" + query, body), method + " " + path + "?" + abbreviate(query));
                }
                if (!method.equals("GET") && !BODYLESS.contains(method + " " + path)) {
                    for (String hostile : HOSTILE_BODIES) {
                        sent++;
                        check(problems, caller.send(method, plain, hostile), method + " " + path + " " + abbreviate(hostile));
                    }
                    if (route.maxBody() != AccessTable.CONTROLLER_LIMIT) {
                        long limit = route.maxBody() == AccessTable.DEFAULT_LIMIT ? 1024 * 1024 : route.maxBody();
                        sent++;
                        check(problems, caller.send(method, plain, "{\"a\":\"" + "x".repeat((int) limit) + "\"}"),
                                method + " " + path + " oversized");
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(1000);
        assertThat(problems).as("answers that were not a 4xx with a code").isEmpty();
        assertThat(documentCounts()).isEqualTo(before);
    }

    @Test
    void veryLongQueriesAndBadCredentialsAre4xxWithACode() {
        Http anonymous = Http.on(port);
        HttpResponse<String> longQuery = anonymous.get("/results?q=" + "A".repeat(16_000));
        assertThat(longQuery.statusCode()).isEqualTo(414);
        assertThat(Http.code(longQuery)).isEqualTo("query_too_long");
        for (String credential : List.of("Bearer " + "A".repeat(5000), "Bearer", "Bearer trg_\u00e9", "Basic YWRtaW46YWRtaW4=",
                "Bearer {\"$ne\":null}")) {
            HttpResponse<String> r = anonymous.with("Authorization", credential).get("/results");
            assertThat(r.statusCode()).as(abbreviate(credential)).isEqualTo(401);
            assertThat(Http.code(r)).isNotEmpty();
        }
    }

    @Test
    void controlCharactersInHeadersNeverInjectHeadersOrReach5xx() throws IOException {
        for (String header : List.of("X-Request-Id: abc\rInjected: yes", "X-Request-Id: abc\u0000def",
                "Authorization: Bearer abc\rInjected: yes", "Cookie: triage_session=a\rInjected: yes")) {
            String response = raw("GET /results?limit=1 HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n");
            int status = Integer.parseInt(response.substring(9, 12));
            assertThat(status).as(header).isBetween(200, 499);
            assertThat(response.toLowerCase()).as(header).doesNotContain("\ninjected:");
        }
        HttpResponse<String> encoded = Http.on(port).with("X-Request-Id", "abc%0d%0aSet-Cookie:%20x=1").get("/results?limit=1");
        assertThat(encoded.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v).doesNotContain("%0d"));
        assertThat(encoded.headers().firstValue("Set-Cookie")).isEmpty();
    }

    private void check(List<String> problems, HttpResponse<String> response, String what) {
        int status = response.statusCode();
        String code = "";
        try {
            JsonNode body = Http.JSON.readTree(response.body());
            code = body != null && body.has("code") ? body.get("code").asString() : "";
        } catch (RuntimeException e) {
            code = "";
        }
        if (status == 503 && code.equals("service_unavailable") && response.headers().firstValue("Retry-After").isPresent()) {
            // routes the gateway forwards to another service, which this gateway-alone test does not run: the honest
            // answer is "dependency down, retry"; the cross-service suite runs them against a live history service
            return;
        }
        if (status < 400 || status >= 500 || code.isEmpty()) {
            problems.add(status + " " + (code.isEmpty() ? "(no code: " + abbreviate(response.body()) + ")" : code) + " <- " + what);
        }
    }

    private Map<String, Long> documentCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        mongo.getCollectionNames().stream().filter(n -> !n.equals(RateLimiter.COLLECTION)).sorted()
                .forEach(n -> counts.put(n, mongo.getCollection(n).countDocuments()));
        return counts;
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String fill(String pattern, String value) {
        return pattern.replaceAll("\\{[^}]+}", value.replace("$", "\\$")).replace("/**", "/" + value);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
