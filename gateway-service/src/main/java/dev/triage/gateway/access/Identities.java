package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Resolves who a request comes from (bearer credential, then session cookie, else anonymous) and issues and checks the
 * credentials behind that: personal API keys, sessions and scoped tokens.
 */
@Component
class Identities {

    static final String SESSION_COOKIE = "triage_session";
    static final int MAX_CREDENTIAL_LENGTH = 512;

    private final AccessStore store;
    private final AdminKey adminKey;
    private final AccessProperties properties;
    private final Clock clock;

    Identities(AccessStore store, AdminKey adminKey, AccessProperties properties) {
        this.store = store;
        this.adminKey = adminKey;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * The caller of {@code request}.
     *
     * @param anonymousScopes what the caller gets when it presents no credential
     * @throws ApiException 401 for a credential that is malformed, unknown, expired or revoked; 503 when the admin key is
     *                      misconfigured and nothing else matched
     */
    Principal resolve(HttpServletRequest request, Set<Scope> anonymousScopes) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return fromBearer(authorization);
        }
        String cookie = sessionCookie(request);
        if (cookie != null) {
            Optional<Principal> session = fromSession(cookie);
            if (session.isPresent()) {
                return session.get();
            }
        }
        return Principal.anonymous(anonymousScopes);
    }

    private Principal fromBearer(String authorization) {
        String value = authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (value.isEmpty() || value.length() > MAX_CREDENTIAL_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw unauthenticated("invalid_token", "The Authorization header must be 'Bearer <token>'");
        }
        if (adminKey.matches(value)) {
            return bootstrapAdmin();
        }
        Instant now = clock.instant();
        StoredToken token = store.token(Credentials.idOf(value))
                .filter(t -> Credentials.matches(value, t.hash()))
                .orElseThrow(() -> adminKey.problem() != null ? misconfigured() : unauthenticated("invalid_token",
                        "The token is not valid"));
        if (token.revokedAt() != null) {
            throw unauthenticated("token_revoked", "The token was revoked");
        }
        if (token.expiresAt() != null && !token.expiresAt().isAfter(now)) {
            throw unauthenticated("token_expired", "The token has expired");
        }
        UserAccount user = store.user(token.username())
                .orElseThrow(() -> unauthenticated("invalid_token", "The token is not valid"));
        store.touchToken(token.id(), now);
        store.touchUser(user.username(), now);
        Role role = user.roleValue();
        if (StoredToken.API_KEY.equals(token.kind())) {
            if (!token.id().equals(user.apiKeyId())) {
                throw unauthenticated("invalid_token", "The token is not valid");
            }
            return new Principal(Principal.Kind.API_KEY, user.username(), role, role.scopes(), token.id(), null, null);
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        token.scopes().forEach(s -> Scope.fromWire(s).filter(role.scopes()::contains).ifPresent(scopes::add));
        return new Principal(Principal.Kind.TOKEN, user.username(), role, scopes, token.id(), token.name(), null);
    }

    private Optional<Principal> fromSession(String cookie) {
        if (cookie.length() > 100) {
            return Optional.empty();
        }
        String id = Credentials.sha256Hex(cookie);
        Instant now = clock.instant();
        Optional<StoredSession> found = store.session(id)
                .filter(s -> s.expiresAt().isAfter(now) && s.endsAt().isAfter(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredSession session = found.get();
        Principal principal;
        if (AdminKey.USERNAME.equals(session.username())) {
            if (!session.credential().equals("bootstrap:" + adminKey.fingerprint())) {
                return Optional.empty();
            }
            principal = new Principal(Principal.Kind.SESSION, AdminKey.USERNAME, Role.ADMIN, Role.ADMIN.scopes(), null, null, id);
        } else {
            Optional<UserAccount> user = store.user(session.username())
                    .filter(u -> session.credential().equals("key:" + u.apiKeyId()));
            if (user.isEmpty()) {
                return Optional.empty();
            }
            Role role = user.get().roleValue();
            principal = new Principal(Principal.Kind.SESSION, user.get().username(), role, role.scopes(), null, null, id);
            store.touchUser(user.get().username(), now);
        }
        Duration ttl = properties.sessionTtl();
        if (Duration.between(now, session.expiresAt()).compareTo(ttl.dividedBy(2)) < 0) {
            Instant next = now.plus(ttl);
            store.extendSession(id, next.isAfter(session.endsAt()) ? session.endsAt() : next);
        }
        return Optional.of(principal);
    }

    /** Checks a username and key pair and opens a session; returns the cookie value and the principal. */
    SignIn signIn(String username, String apiKey) {
        if (apiKey.length() > MAX_CREDENTIAL_LENGTH) {
            throw invalidCredentials();
        }
        Instant now = clock.instant();
        String credential;
        Role role;
        if (AdminKey.USERNAME.equals(username)) {
            if (adminKey.problem() != null) {
                throw misconfigured();
            }
            if (!adminKey.matches(apiKey)) {
                throw invalidCredentials();
            }
            credential = "bootstrap:" + adminKey.fingerprint();
            role = Role.ADMIN;
        } else {
            UserAccount user = store.user(username).orElseThrow(Identities::invalidCredentials);
            String keyId = Credentials.idOf(apiKey);
            boolean valid = keyId.equals(user.apiKeyId()) && store.token(keyId)
                    .filter(t -> StoredToken.API_KEY.equals(t.kind()) && t.username().equals(username))
                    .filter(t -> Credentials.matches(apiKey, t.hash())).isPresent();
            if (!valid) {
                throw invalidCredentials();
            }
            credential = "key:" + keyId;
            role = user.roleValue();
            store.touchUser(username, now);
        }
        String cookie = Credentials.randomSecret();
        Instant endsAt = now.plus(properties.sessionMaxAge());
        Instant expiresAt = now.plus(properties.sessionTtl());
        store.saveSession(new StoredSession(Credentials.sha256Hex(cookie), username, credential, now,
                expiresAt.isAfter(endsAt) ? endsAt : expiresAt, endsAt));
        return new SignIn(cookie, username, role);
    }

    /** A successful sign-in. */
    record SignIn(String cookie, String username, Role role) {
    }

    void signOut(HttpServletRequest request) {
        String cookie = sessionCookie(request);
        if (cookie != null && cookie.length() <= 100) {
            store.deleteSession(Credentials.sha256Hex(cookie));
        }
    }

    /** Gives {@code username} a new personal API key (generated, or {@code custom}) and ends its sessions. */
    String issueApiKey(String username, @Nullable String custom) {
        String value;
        String id;
        if (custom != null) {
            value = custom;
            id = Credentials.idOf(custom);
            if (store.token(id).isPresent() || adminKey.matches(custom)) {
                throw new ApiException(HttpStatus.CONFLICT, "key_in_use", "This key cannot be used; choose another");
            }
        } else {
            Credentials.Issued issued = Credentials.generate();
            value = issued.value();
            id = issued.id();
        }
        Optional<String> previous = store.user(username).map(UserAccount::apiKeyId);
        store.saveToken(new StoredToken(id, Credentials.sha256Hex(value), StoredToken.API_KEY, username, "api-key", List.of(),
                clock.instant(), null, null, null));
        store.setApiKey(username, id);
        previous.ifPresent(store::removeToken);
        store.deleteSessionsOf(username);
        return value;
    }

    /** Creates a scoped token for {@code owner}; returns the stored record and the value (shown once). */
    Map.Entry<StoredToken, String> issueToken(Principal owner, String name, Set<Scope> scopes, Duration lifetime) {
        if (store.tokensOf(owner.username()).stream().anyMatch(t -> t.name().equals(name) && t.revokedAt() == null)) {
            throw new ApiException(HttpStatus.CONFLICT, "token_name_taken", "You already have a token with this name",
                    Map.of("field", "name"));
        }
        Credentials.Issued issued = Credentials.generate();
        Instant now = clock.instant();
        StoredToken token = new StoredToken(issued.id(), Credentials.sha256Hex(issued.value()), StoredToken.TOKEN,
                owner.username(), name, scopes.stream().map(Scope::wire).sorted().toList(), now, now.plus(lifetime), null, null);
        store.saveToken(token);
        return Map.entry(token, issued.value());
    }

    Principal bootstrapAdmin() {
        return new Principal(Principal.Kind.BOOTSTRAP_KEY, AdminKey.USERNAME, Role.ADMIN, Role.ADMIN.scopes(), null, null, null);
    }

    static @Nullable String sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    static ApiException unauthenticated(String code, String message) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"triage\"");
        return new ApiException(HttpStatus.UNAUTHORIZED, code, message, Map.of(), headers);
    }

    static ApiException invalidCredentials() {
        return unauthenticated("invalid_credentials", "Unknown user or wrong key");
    }

    static ApiException misconfigured() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth_misconfigured",
                "Authentication is misconfigured on this server; an operator must fix it");
    }
}
