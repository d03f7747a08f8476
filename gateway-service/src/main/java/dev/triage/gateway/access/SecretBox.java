package dev.triage.gateway.access;

import dev.triage.platform.secrets.SecretSeal;
import dev.triage.platform.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Encrypts per-user secrets with the platform's {@link SecretSeal} (AES-256-GCM). The key comes from
 * {@code TRIAGE_SECRET_KEY} (base64 of 32 bytes) with its id from {@code TRIAGE_SECRET_KEY_ID} ({@code k1} by default);
 * earlier keys stay readable through {@code TRIAGE_SECRET_KEYS_PREVIOUS} ({@code id:base64,id:base64}). A ciphertext is
 * {@code v1:<key id>:<base64(iv || ciphertext+tag)>}, bound to its owner and field as associated data, so a value
 * copied to another user or field does not decrypt. Without a key, storing or reading a secret is 503
 * {@code auth_misconfigured}.
 */
@Component
class SecretBox {

    private final SecretSeal seal;

    SecretBox(Environment environment) {
        this.seal = SecretSeal.fromEnvironment(environment::getProperty);
    }

    /** Why secrets cannot be stored, or {@code null} when they can. */
    @Nullable String problem() {
        return seal.problem();
    }

    String seal(String plaintext, String context) {
        if (seal.problem() != null) {
            throw misconfigured();
        }
        return seal.seal(plaintext, context);
    }

    String open(String stored, String context) {
        try {
            return seal.open(stored, context);
        } catch (IllegalStateException e) {
            throw misconfigured();
        }
    }

    /** The key id a stored value was sealed with. */
    static String keyIdOf(String stored) {
        return SecretSeal.keyIdOf(stored);
    }

    @Nullable String currentKeyId() {
        return seal.currentKeyId();
    }

    private static ApiException misconfigured() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth_misconfigured",
                "Stored secrets are unavailable: the server's secret key is missing or does not match");
    }
}
