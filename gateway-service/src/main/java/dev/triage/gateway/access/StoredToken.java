package dev.triage.gateway.access;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A personal API key or a scoped API token; the value itself is never stored.
 *
 * @param id         the lookup id embedded in the value ({@link Credentials#idOf})
 * @param hash       SHA-256 (hex) of the value
 * @param kind       {@code api_key} (a user's own key: their role's scopes) or {@code token} (its scopes only)
 * @param username   the owner
 * @param name       the token's name, unique per user ({@code api-key} for personal keys)
 * @param scopes     granted scopes ({@link Scope#wire()}); empty for personal keys
 * @param createdAt  creation time
 * @param expiresAt  expiry, {@code null} for personal keys
 * @param revokedAt  revocation time, {@code null} while valid
 * @param lastUsedAt last use (updated at most once a minute)
 */
@Document("tokens")
record StoredToken(@Id String id, String hash, String kind, String username, String name, List<String> scopes,
        Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {

    static final String API_KEY = "api_key";
    static final String TOKEN = "token";
}
