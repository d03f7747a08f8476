package dev.triage.gateway.access;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A browser session. The cookie holds a random value; only its SHA-256 is the id, so a copy of the collection opens
 * nothing.
 *
 * @param id         SHA-256 (hex) of the cookie value
 * @param username   who signed in
 * @param credential the key it was opened with ({@code key:<api key id>} or {@code bootstrap:<fingerprint>}); a rotated
 *                   key ends the session
 * @param createdAt  sign-in time
 * @param expiresAt  sliding expiry
 * @param endsAt     absolute expiry
 */
@Document("sessions")
record StoredSession(@Id String id, String username, String credential, Instant createdAt, Instant expiresAt, Instant endsAt) {
}
