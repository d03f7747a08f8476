package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.testsupport.TriageIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway as an operator of a shared installation runs it: nothing anonymous, a secret key for user secrets. Per
 * endpoint group: anonymous, wrong scope, expired and revoked tokens, other users' resources, the admin guards.
 */
@TriageIntegrationTest
@TestPropertySource(properties = {"triage.gateway.access.anonymous=none",
        "TRIAGE_SECRET_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "triage.gateway.analysis.sync-wait=100ms"})
class AccessIntegrationTests {

    @Value("${local.server.port}")
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Http anonymous;
    Http admin;

    @BeforeEach
    void clients() {
        anonymous = Http.on(port);
        admin = Http.on(port).bearer(TriageIntegrationTest.ADMIN_KEY);
    }

    /** Creates a user with a role and returns their personal API key. */
    String user(String username, String role) {
        admin.delete("/api/admin/users/" + username);
        HttpResponse<String> created = admin.post("/api/admin/users", "{\"username\":\"" + username + "\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(Http.json(created).get("role").asString()).isEqualTo(role);
        return Http.json(created).get("api_key").asString();
    }

    String token(Http owner, String name, String scopes) {
        HttpResponse<String> created = owner.post("/api/auth/tokens", "{\"name\":\"" + name + "\",\"scopes\":" + scopes + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("token").asString();
    }

    @Nested
    class Anonymous {

        @Test
        void readsAnalysisAndAdminNeedCredentialsWith401AndABearerChallenge() {
            for (var response : new HttpResponse<?>[] {anonymous.get("/results"), anonymous.get("/results/some-job"),
                    anonymous.post("/analyze-failures", "{\"failures\":[{\"test_name\":\"t\"}]}"),
                    anonymous.get("/api/admin/users"), anonymous.delete("/results/some-job"),
                    anonymous.get("/api/user/tokens"), anonymous.post("/api/auth/tokens", "{\"name\":\"x\"}"),
                    anonymous.post("/results/j/create-github-issue", "{}")}) {
                @SuppressWarnings("unchecked")
                HttpResponse<String> r = (HttpResponse<String>) response;
                assertThat(r.statusCode()).as(r.request().uri().toString()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(Http.code(r)).isEqualTo("unauthenticated");
            }
        }

        @Test
        void rejectionsAreCountedByCode() {
            double before = meters.counter("triage.access.rejected", "status", "401", "code", "unauthenticated").count();
            anonymous.get("/results");
            assertThat(meters.counter("triage.access.rejected", "status", "401", "code", "unauthenticated").count())
                    .isEqualTo(before + 1);
        }

        @Test
        void probesAndWhoAmIArePublic() {
            assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
            HttpResponse<String> me = anonymous.get("/api/auth/me");
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(Http.json(me).get("username").asString()).isEmpty();
            assertThat(Http.json(me).get("is_admin").asBoolean()).isFalse();
        }

        @Test
        void routesOutsideTheTableAreNotFoundEvenForAdmins() {
            assertThat(admin.get("/actuator/env").statusCode()).isEqualTo(404);
            assertThat(Http.code(admin.get("/nothing-here"))).isEqualTo("not_found");
        }

        @Test
        void garbageCredentialsAre401NotAnonymous() {
            HttpResponse<String> r = anonymous.bearer("trg_AAAAAAAAAAAA_" + "A".repeat(43)).get("/api/auth/me");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Http.code(r)).isEqualTo("invalid_token");
            assertThat(Http.code(anonymous.with("Authorization", "Basic YWRtaW46YWRtaW4=").get("/results"))).isEqualTo("invalid_token");
        }
    }

    @Nested
    class Sessions {

        @Test
        void signInSetsAStrictHttpOnlySessionCookieThatSignOutEnds() {
            String key = user("sally", "user");
            HttpResponse<String> login = anonymous.post("/api/auth/login", "{\"username\":\"sally\",\"api_key\":\"" + key + "\"}");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(Http.json(login).get("role").asString()).isEqualTo("user");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("triage_session=").contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            Http session = anonymous.cookie(cookie);
            assertThat(Http.json(session.get("/api/auth/me")).get("username").asString()).isEqualTo("sally");
            assertThat(session.get("/results").statusCode()).isEqualTo(200);
            assertThat(session.post("/api/auth/logout", null).statusCode()).isEqualTo(200);
            assertThat(session.get("/results").statusCode()).isEqualTo(401);
        }

        @Test
        void wrongKeysAndUsernameCookiesIdentifyNobody() {
            String key = user("sam", "user");
            assertThat(Http.code(anonymous.post("/api/auth/login", "{\"username\":\"sam\",\"api_key\":\"" + key + "x\"}")))
                    .isEqualTo("invalid_credentials");
            assertThat(anonymous.post("/api/auth/login", "{\"username\":\"nobody\",\"api_key\":\"" + key + "\"}").statusCode())
                    .isEqualTo(401);
            assertThat(anonymous.cookie("username=sam; triage_user=sam").get("/results").statusCode()).isEqualTo(401);
            assertThat(anonymous.cookie("triage_session=made-up").get("/results").statusCode()).isEqualTo(401);
        }

        @Test
        void theBootstrapKeySignsInAsAdmin() {
            HttpResponse<String> login = anonymous.post("/api/auth/login",
                    "{\"username\":\"admin\",\"api_key\":\"" + TriageIntegrationTest.ADMIN_KEY + "\"}");
            assertThat(Http.json(login).get("is_admin").asBoolean()).isTrue();
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(anonymous.cookie(cookie).get("/api/admin/users").statusCode()).isEqualTo(200);
        }

        @Test
        void aRoleChangeEndsSessionsAndTheOldKey() {
            String key = user("rita", "user");
            HttpResponse<String> login = anonymous.post("/api/auth/login", "{\"username\":\"rita\",\"api_key\":\"" + key + "\"}");
            Http session = anonymous.cookie(login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
            assertThat(session.get("/results").statusCode()).isEqualTo(200);
            HttpResponse<String> changed = admin.put("/api/admin/users/rita/role", "{\"role\":\"viewer\"}");
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(session.get("/results").statusCode()).isEqualTo(401);
            assertThat(anonymous.bearer(key).get("/results").statusCode()).isEqualTo(401);
            String newKey = Http.json(changed).get("api_key").asString();
            assertThat(anonymous.bearer(newKey).get("/results").statusCode()).isEqualTo(200);
            assertThat(anonymous.bearer(newKey).post("/analyze-failures", "{\"failures\":[{\"test_name\":\"t\"}]}").statusCode())
                    .isEqualTo(403);
        }
    }

    @Nested
    class Tokens {

        @Test
        void aTokenCanDoWhatItsScopesAllowAndNothingElse() {
            Http alice = anonymous.bearer(user("alice", "user"));
            Http reader = anonymous.bearer(token(alice, "reader", "[\"results:read\"]"));
            assertThat(reader.get("/results").statusCode()).isEqualTo(200);
            HttpResponse<String> analysis = reader.post("/analyze-failures", "{\"failures\":[{\"test_name\":\"t\"}]}");
            assertThat(analysis.statusCode()).isEqualTo(403);
            assertThat(Http.json(analysis).get("details").get("required_scope").asString()).isEqualTo("analysis:write");
            assertThat(reader.get("/api/admin/users").statusCode()).isEqualTo(403);
            assertThat(reader.delete("/results/any").statusCode()).isEqualTo(403);
            assertThat(Http.code(reader.get("/api/user/tokens"))).isEqualTo("forbidden");
            assertThat(reader.post("/api/auth/tokens", "{\"name\":\"more\",\"scopes\":[\"results:read\"]}").statusCode()).isEqualTo(403);

            Http ci = anonymous.bearer(token(alice, "ci", "[\"analysis:write\",\"results:read\"]"));
            assertThat(ci.post("/analyze-failures", "{\"failures\":[{\"test_name\":\"t\"}]}").statusCode()).isIn(200, 202);
            assertThat(Http.json(ci.get("/api/auth/me")).get("token_name").asString()).isEqualTo("ci");
        }

        @Test
        void aTokenCannotHaveScopesItsOwnerLacks() {
            Http viewer = anonymous.bearer(user("vera", "viewer"));
            assertThat(viewer.post("/api/auth/tokens", "{\"name\":\"x\",\"scopes\":[\"analysis:write\"]}").statusCode()).isEqualTo(403);
            assertThat(viewer.post("/analyze-failures", "{\"failures\":[{\"test_name\":\"t\"}]}").statusCode()).isEqualTo(403);
            assertThat(Http.code(viewer.post("/api/auth/tokens", "{\"name\":\"x\",\"scopes\":[\"root\"]}"))).isEqualTo("validation_error");
            assertThat(Http.code(viewer.post("/api/auth/tokens", "{\"name\":\"x\",\"extra\":1}"))).isEqualTo("validation_error");
            assertThat(Http.code(viewer.post("/api/auth/tokens", "{\"name\":\"x y\"}"))).isEqualTo("validation_error");
        }

        @Test
        void expiredTokensAre401() {
            Http owner = anonymous.bearer(user("eve", "user"));
            String value = token(owner, "short", "[\"results:read\"]");
            mongo.updateFirst(Query.query(where("_id").is(Credentials.idOf(value))),
                    new Update().set("expiresAt", Instant.now().minusSeconds(1)), "tokens");
            HttpResponse<String> r = anonymous.bearer(value).get("/results");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Http.code(r)).isEqualTo("token_expired");
        }

        @Test
        void revokedTokensAre401AndOnlyTheirOwnerOrAnAdminRevokes() {
            Http owner = anonymous.bearer(user("olga", "user"));
            Http other = anonymous.bearer(user("oscar", "user"));
            String value = token(owner, "revoke-me", "[\"results:read\"]");
            String id = Credentials.idOf(value);
            assertThat(other.delete("/api/auth/tokens/" + id).statusCode()).isEqualTo(404);
            assertThat(Http.json(other.get("/api/auth/tokens")).get("tokens").toString()).doesNotContain(id);
            assertThat(Http.json(owner.get("/api/auth/tokens")).get("tokens").toString()).contains(id).doesNotContain(value);
            assertThat(anonymous.bearer(value).get("/results").statusCode()).isEqualTo(200);
            assertThat(owner.delete("/api/auth/tokens/" + id).statusCode()).isEqualTo(200);
            HttpResponse<String> r = anonymous.bearer(value).get("/results");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(Http.code(r)).isEqualTo("token_revoked");

            String second = token(owner, "self-revoking", "[\"results:read\"]");
            assertThat(anonymous.bearer(second).delete("/api/auth/tokens/current").statusCode()).isEqualTo(200);
            assertThat(Http.code(anonymous.bearer(second).get("/results"))).isEqualTo("token_revoked");
        }

        @Test
        void onlyTheHashOfATokenIsStored() {
            String value = token(anonymous.bearer(user("hana", "user")), "stored", "[\"results:read\"]");
            Document stored = mongo.findById(Credentials.idOf(value), Document.class, "tokens");
            assertThat(stored).isNotNull();
            assertThat(stored.toJson()).doesNotContain(value.substring(20));
            assertThat(stored.getString("hash")).isEqualTo(Credentials.sha256Hex(value));
        }
    }

    @Nested
    class Admin {

        @Test
        void deletingResultsIsForAdminsOnly() {
            Http user = anonymous.bearer(user("ursula", "maintainer"));
            assertThat(user.delete("/results/some-job").statusCode()).isEqualTo(403);
            assertThat(user.send("DELETE", "/api/results/bulk", "{\"job_ids\":[\"a\"]}").statusCode()).isEqualTo(403);
            assertThat(Http.code(admin.delete("/results/some-job"))).isEqualTo("not_found");
            assertThat(admin.send("DELETE", "/api/results/bulk", "{\"job_ids\":[\"a\"]}").statusCode()).isEqualTo(200);
        }

        @Test
        void nobodyDeletesOrDemotesThemselvesOrTheLastAdmin() {
            mongo.remove(Query.query(where("role").is("admin").and("_id").ne("admin")), "users");
            Http root = anonymous.bearer(user("root1", "admin"));
            assertThat(Http.code(root.delete("/api/admin/users/root1"))).isEqualTo("cannot_modify_self");
            assertThat(Http.code(root.put("/api/admin/users/root1/role", "{\"role\":\"user\"}"))).isEqualTo("cannot_modify_self");
            assertThat(Http.code(admin.delete("/api/admin/users/root1"))).isEqualTo("last_admin");
            assertThat(Http.code(admin.put("/api/admin/users/root1/role", "{\"role\":\"user\"}"))).isEqualTo("last_admin");
            user("root2", "admin");
            assertThat(root.delete("/api/admin/users/root2").statusCode()).isEqualTo(200);
            assertThat(admin.get("/api/admin/users/").statusCode()).isEqualTo(404);
            assertThat(Http.code(admin.delete("/api/admin/users/admin"))).isEqualTo("reserved_user");
            assertThat(Http.code(admin.post("/api/admin/users", "{\"username\":\"admin\"}"))).isEqualTo("validation_error");
            assertThat(Http.code(admin.post("/api/admin/users", "{\"username\":\"root1\"}"))).isEqualTo("user_exists");
            assertThat(Http.code(admin.post("/api/admin/users", "{\"username\":\"-bad\"}"))).isEqualTo("validation_error");
        }

        @Test
        void aRotatedKeyReplacesTheOldOne() {
            String old = user("kim", "user");
            HttpResponse<String> rotated = admin.post("/api/admin/users/kim/rotate-key", "{\"new_key\":\"kims-own-key-1234567\"}");
            assertThat(rotated.statusCode()).isEqualTo(200);
            assertThat(Http.json(rotated).get("new_api_key").asString()).isEqualTo("kims-own-key-1234567");
            assertThat(anonymous.bearer(old).get("/results").statusCode()).isEqualTo(401);
            assertThat(anonymous.bearer("kims-own-key-1234567").get("/results").statusCode()).isEqualTo(200);
            assertThat(Http.code(admin.post("/api/admin/users/kim/rotate-key", "{\"new_key\":\"short\"}"))).isEqualTo("validation_error");
            assertThat(Http.json(admin.get("/api/admin/users")).get("users").toString()).contains("\"kim\"")
                    .doesNotContain("kims-own-key");
        }

        @Test
        void usersCannotAdministerUsers() {
            Http maintainer = anonymous.bearer(user("mia", "maintainer"));
            assertThat(maintainer.get("/api/admin/users").statusCode()).isEqualTo(403);
            assertThat(maintainer.post("/api/admin/users", "{\"username\":\"mallory\"}").statusCode()).isEqualTo(403);
            assertThat(maintainer.put("/api/admin/users/mia/role", "{\"role\":\"admin\"}").statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class UserSecrets {

        @Test
        void secretsAreSealedAtRestVisibleOnlyToTheirOwnerAndClearedByABlankValue() {
            Http alice = anonymous.bearer(user("alma", "user"));
            Http bob = anonymous.bearer(user("bert", "user"));
            assertThat(alice.put("/api/user/tokens", "{\"github_token\":\"ghp_very_secret\",\"jira_email\":\"a@x.io\"}").statusCode())
                    .isEqualTo(200);
            assertThat(Http.json(alice.get("/api/user/tokens")).get("github_token").asString()).isEqualTo("ghp_very_secret");
            assertThat(Http.json(bob.get("/api/user/tokens")).get("github_token").asString()).isEmpty();
            Document stored = mongo.findById("alma", Document.class, "users");
            assertThat(stored.toJson()).doesNotContain("ghp_very_secret").contains("v1:k1:");
            assertThat(alice.put("/api/user/tokens", "{\"jira_token\":\"jt\"}").statusCode()).isEqualTo(200);
            assertThat(Http.json(alice.get("/api/user/tokens")).get("github_token").asString()).isEqualTo("ghp_very_secret");
            assertThat(alice.put("/api/user/tokens", "{\"github_token\":\"\"}").statusCode()).isEqualTo(200);
            assertThat(Http.json(alice.get("/api/user/tokens")).get("github_token").asString()).isEmpty();
            assertThat(Http.json(alice.get("/api/user/tokens")).get("jira_token").asString()).isEqualTo("jt");
        }

        @Test
        void wrongTypesAndUnknownFieldsAre422WithoutEchoingValues() {
            Http alice = anonymous.bearer(user("ally", "user"));
            HttpResponse<String> r = alice.put("/api/user/tokens", "{\"github_token\":{\"$gt\":\"secret-value-xyz\"}}");
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.body()).contains("github_token").doesNotContain("secret-value-xyz");
            HttpResponse<String> unknown = alice.put("/api/user/tokens", "{\"gitlab_token\":\"secret-value-xyz\"}");
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(unknown.body()).contains("gitlab_token").doesNotContain("secret-value-xyz");
        }
    }

    @Nested
    class Hardening {

        @Test
        void everyResponseCarriesTheSecurityHeaders() {
            for (HttpResponse<String> r : java.util.List.of(anonymous.get("/results"), admin.get("/api/admin/users"),
                    anonymous.get("/nope"), anonymous.get("/actuator/health"))) {
                assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                        assertThat(v).contains("frame-ancestors 'none'"));
                assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            }
        }

        @Test
        void crossOriginRequestsAreClosedUnlessConfigured() {
            HttpResponse<String> preflight = anonymous.with("Origin", "https://evil.example")
                    .with("Access-Control-Request-Method", "DELETE").send("OPTIONS", "/results/x", null);
            assertThat(preflight.statusCode()).isEqualTo(403);
            assertThat(Http.code(preflight)).isEqualTo("cors_rejected");
            HttpResponse<String> simple = admin.with("Origin", "https://evil.example").get("/api/admin/users");
            assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }

        @Test
        void oversizedBodiesOnSmallRoutesAre413() {
            String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\"}";
            HttpResponse<String> r = admin.post("/api/admin/users", big);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(Http.code(r)).isEqualTo("request_too_large");
            HttpResponse<String> chunked = anonymous.postChunked("/api/auth/login", big);
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(Http.code(chunked)).isEqualTo("request_too_large");
            assertThat(admin.postChunked("/api/admin/users", "{\"username\":\"chunky\",\"role\":\"viewer\"}").statusCode())
                    .isEqualTo(200);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
