package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in, sign-out, who am I, and the caller's scoped API tokens: {@code /api/auth/*}.
 */
@RestController
class AuthController {

    private static final Logger log = LoggerFactory.getLogger(AuthController.class);

    static final String USERNAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{1,49}";
    static final String TOKEN_NAME_PATTERN = "[A-Za-z0-9_-]{1,50}";

    private final Identities identities;
    private final AccessStore store;
    private final AccessProperties properties;

    AuthController(Identities identities, AccessStore store, AccessProperties properties) {
        this.identities = identities;
        this.store = store;
        this.properties = properties;
    }

    @PostMapping(path = "/api/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> login(@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        StrictJson json = StrictJson.parse(body, Set.of("username", "api_key"));
        String username = json.requiredString("username", 50);
        String apiKey = json.requiredString("api_key", Identities.MAX_CREDENTIAL_LENGTH);
        Identities.SignIn signIn = identities.signIn(username, apiKey);
        ResponseCookie cookie = ResponseCookie.from(Identities.SESSION_COOKIE, signIn.cookie()).httpOnly(true)
                .secure(request.isSecure()).sameSite("Strict").path("/").maxAge(properties.sessionMaxAge()).build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(me(signIn.username(), signIn.role(), "session"));
    }

    @PostMapping("/api/auth/logout")
    ResponseEntity<Map<String, Object>> logout(HttpServletRequest request) {
        identities.signOut(request);
        ResponseCookie cookie = ResponseCookie.from(Identities.SESSION_COOKIE, "").httpOnly(true).secure(request.isSecure())
                .sameSite("Strict").path("/").maxAge(Duration.ZERO).build();
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).body(Map.of("ok", true));
    }

    /** Always 200: an anonymous caller gets an empty username. */
    @GetMapping("/api/auth/me")
    Map<String, Object> me(HttpServletRequest request) {
        Principal p = Principals.of(request);
        if (p.isAnonymous()) {
            Map<String, Object> out = me("", null, "anonymous");
            out.put("scopes", p.scopes().stream().map(Scope::wire).sorted().toList());
            return out;
        }
        Map<String, Object> out = me(p.username(), p.role(), p.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("scopes", p.scopes().stream().map(Scope::wire).sorted().toList());
        if (p.tokenName() != null) {
            out.put("token_name", p.tokenName());
        }
        return out;
    }

    private static Map<String, Object> me(String username, @Nullable Role role, String auth) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("username", username);
        out.put("role", role == null ? "" : role.wire());
        out.put("is_admin", role == Role.ADMIN);
        out.put("auth", auth);
        return out;
    }

    @GetMapping("/api/auth/tokens")
    Map<String, Object> tokens(HttpServletRequest request) {
        Principal p = Principals.of(request);
        return Map.of("tokens", store.tokensOf(p.username()).stream().map(AuthController::view).toList());
    }

    @PostMapping(path = "/api/auth/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> createToken(@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        Principal p = Principals.of(request);
        StrictJson json = StrictJson.parse(body, Set.of("name", "token_name", "scopes", "expires_in_days"));
        String name = json.has("token_name") ? json.requiredString("token_name", 50) : json.requiredString("name", 50);
        if (!name.matches(TOKEN_NAME_PATTERN)) {
            throw StrictJson.invalid("Letters, digits, '_' and '-' only", List.of("name"));
        }
        int maxDays = (int) Math.max(1, properties.tokenMaxTtl().toDays());
        Integer days = json.integer("expires_in_days", 1, maxDays);
        Set<String> requested = json.strings("scopes", Scope.values().length, 32);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : requested == null ? Set.of(Scope.RESULTS_READ.wire()) : requested) {
            Scope scope = Scope.fromWire(s).orElseThrow(() -> StrictJson.invalid("Unknown scope", List.of("scopes")));
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            throw StrictJson.invalid("At least one scope", List.of("scopes"));
        }
        if (!p.scopes().containsAll(scopes)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "A token cannot have scopes your role does not have",
                    Map.of("field", "scopes"));
        }
        if (AdminKey.USERNAME.equals(p.username())) {
            // the bootstrap admin's tokens need a user record to hang from; it has no key of its own
            store.createUser(new UserAccount(AdminKey.USERNAME, Role.ADMIN.wire(), Instant.now(), null, null, null));
        }
        Duration lifetime = days == null ? properties.tokenDefaultTtl() : Duration.ofDays(days);
        var issued = identities.issueToken(p, name, scopes, lifetime);
        log.info("Token {} ({}) created for {} with {}", issued.getKey().id(), name, p.username(), issued.getKey().scopes());
        Map<String, Object> out = view(issued.getKey());
        out.put("token", issued.getValue());
        out.put("token_type", "Bearer");
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @DeleteMapping("/api/auth/tokens/current")
    Map<String, Object> revokeCurrent(HttpServletRequest request) {
        Principal p = Principals.of(request);
        if (p.kind() != Principal.Kind.TOKEN || p.tokenId() == null) {
            throw ApiException.unprocessable("not_a_token", "This request was not made with an API token", Map.of());
        }
        store.revokeToken(p.tokenId(), Instant.now());
        return Map.of("revoked", p.tokenId());
    }

    @DeleteMapping("/api/auth/tokens/{tokenId}")
    Map<String, Object> revoke(@PathVariable String tokenId, HttpServletRequest request) {
        Principal p = Principals.of(request);
        if (!tokenId.matches("[A-Za-z0-9]{12}")) {
            throw ApiException.notFound("Token", "");
        }
        StoredToken token = store.token(tokenId)
                .filter(t -> StoredToken.TOKEN.equals(t.kind()))
                .filter(t -> t.username().equals(p.username()) || p.isAdmin())
                .orElseThrow(() -> ApiException.notFound("Token", tokenId));
        store.revokeToken(token.id(), Instant.now());
        log.info("Token {} of {} revoked by {}", token.id(), token.username(), p.actor());
        return Map.of("revoked", token.id());
    }

    static Map<String, Object> view(StoredToken t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("token_name", t.name());
        out.put("prefix", Credentials.PREFIX + t.id());
        out.put("scopes", t.scopes());
        out.put("created_at", t.createdAt().toString());
        out.put("expires_at", t.expiresAt() == null ? null : t.expiresAt().toString());
        out.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
        out.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        return out;
    }
}
