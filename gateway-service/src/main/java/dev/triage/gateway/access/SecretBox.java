package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Encrypts per-user secrets with AES-256-GCM. The key comes from {@code TRIAGE_SECRET_KEY} (base64 of 32 bytes) with its
 * id from {@code TRIAGE_SECRET_KEY_ID} ({@code k1} by default); earlier keys stay readable through
 * {@code TRIAGE_SECRET_KEYS_PREVIOUS} ({@code id:base64,id:base64}). A ciphertext is {@code v1:<key id>:<base64(iv ||
 * ciphertext+tag)>}, bound to its owner and field as associated data, so a value copied to another user or field does
 * not decrypt. Without a key, storing or reading a secret is 503 {@code auth_misconfigured}.
 */
@Component
class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final @Nullable String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final @Nullable String problem;

    SecretBox(Environment environment) {
        String key = environment.getProperty("TRIAGE_SECRET_KEY", "");
        String id = environment.getProperty("TRIAGE_SECRET_KEY_ID", "k1");
        String previous = environment.getProperty("TRIAGE_SECRET_KEYS_PREVIOUS", "");
        String trouble = null;
        String current = null;
        try {
            if (!key.isBlank()) {
                keys.put(id, decode(key));
                current = id;
            }
            for (String entry : previous.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon < 1) {
                    throw new IllegalArgumentException("TRIAGE_SECRET_KEYS_PREVIOUS entries are id:base64");
                }
                keys.putIfAbsent(entry.substring(0, colon).trim(), decode(entry.substring(colon + 1).trim()));
            }
        } catch (IllegalArgumentException e) {
            trouble = e.getMessage();
        }
        this.currentId = trouble == null ? current : null;
        this.problem = trouble != null ? trouble : current == null ? "TRIAGE_SECRET_KEY is not set" : null;
    }

    /** Why secrets cannot be stored, or {@code null} when they can. */
    @Nullable String problem() {
        return problem;
    }

    String seal(String plaintext, String context) {
        if (currentId == null) {
            throw misconfigured();
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return "v1:" + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    String open(String stored, String context) {
        String[] parts = stored.split(":", 3);
        SecretKeySpec key = parts.length == 3 && parts[0].equals("v1") ? keys.get(parts[1]) : null;
        if (key == null) {
            throw misconfigured();
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw misconfigured();
        }
    }

    /** The key id a stored value was sealed with. */
    static String keyIdOf(String stored) {
        String[] parts = stored.split(":", 3);
        return parts.length == 3 ? parts[1] : "";
    }

    @Nullable String currentKeyId() {
        return currentId;
    }

    private static SecretKeySpec decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a secret key is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a secret key must be 32 bytes");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static ApiException misconfigured() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth_misconfigured",
                "Stored secrets are unavailable: the server's secret key is missing or does not match");
    }
}
