package dev.triage.gateway.access;

import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, resolved once per request by the {@link AccessFilter}.
 *
 * @param kind      how the caller proved who they are
 * @param username  the user, or {@code ""} for anonymous callers
 * @param role      the user's role; {@code null} for anonymous callers
 * @param scopes    what this request may do (a token's scopes are capped by its owner's current role)
 * @param tokenId   the API token used, for {@link Kind#TOKEN}
 * @param tokenName its name, for attribution
 * @param sessionId the session hash, for {@link Kind#SESSION}
 */
public record Principal(Kind kind, String username, @Nullable Role role, Set<Scope> scopes, @Nullable String tokenId,
        @Nullable String tokenName, @Nullable String sessionId) {

    /** Request attribute holding the principal. */
    public static final String ATTRIBUTE = Principal.class.getName();

    /** How a caller authenticated. */
    public enum Kind {
        ANONYMOUS, SESSION, API_KEY, BOOTSTRAP_KEY, TOKEN
    }

    public Principal {
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    }

    static Principal anonymous(Set<Scope> scopes) {
        return new Principal(Kind.ANONYMOUS, "", null, scopes, null, null, null);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    /** A person (session, personal API key or the bootstrap key) rather than a scoped token or nobody. */
    public boolean isHuman() {
        return kind == Kind.SESSION || kind == Kind.API_KEY || kind == Kind.BOOTSTRAP_KEY;
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** The name recorded on what this caller does: the username, {@code token:<name>} or {@code anonymous}. */
    public String actor() {
        return switch (kind) {
            case ANONYMOUS -> "anonymous";
            case TOKEN -> "token:" + tokenName;
            default -> username;
        };
    }
}
