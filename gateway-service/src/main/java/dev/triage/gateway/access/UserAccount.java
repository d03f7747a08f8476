package dev.triage.gateway.access;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A stored user.
 *
 * @param username  the id: 2-50 characters, letters, digits, {@code . _ -}, starting alphanumeric
 * @param role      {@link Role#wire()}
 * @param createdAt when it was created
 * @param lastSeen  the last authenticated request (updated at most once a minute)
 * @param apiKeyId  the id of the user's current personal API key in {@code tokens}; sessions opened with another die
 * @param secrets   tracker credentials sealed by {@link SecretBox}, by field name
 */
@Document("users")
record UserAccount(@Id String username, String role, Instant createdAt, @Nullable Instant lastSeen,
        @Nullable String apiKeyId, @Nullable Map<String, String> secrets) {

    Role roleValue() {
        return Role.fromWire(role).orElse(Role.VIEWER);
    }
}
