package dev.triage.platform.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AES-256-GCM sealing with the platform key, in the same format as the gateway's stored user secrets:
 * {@code v1:<key id>:<base64(iv || ciphertext+tag)>}, bound to a context string as associated data so a value copied to
 * another place does not open. Keys: {@code TRIAGE_SECRET_KEY} (base64 of 32 bytes), {@code TRIAGE_SECRET_KEY_ID}
 * ({@code k1}), older keys in {@code TRIAGE_SECRET_KEYS_PREVIOUS} ({@code id:base64,...}).
 */
public final class SecretSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final @Nullable String currentId;
    private final Map<String, SecretKeySpec> keys;
    private final @Nullable String problem;

    private SecretSeal(@Nullable String currentId, Map<String, SecretKeySpec> keys, @Nullable String problem) {
        this.currentId = currentId;
        this.keys = keys;
        this.problem = problem;
    }

    /** Reads the keys from an environment lookup (e.g. Spring's {@code Environment::getProperty}). */
    public static SecretSeal fromEnvironment(UnaryOperator<@Nullable String> env) {
        String key = orEmpty(env.apply("TRIAGE_SECRET_KEY"));
        String id = env.apply("TRIAGE_SECRET_KEY_ID");
        id = id == null || id.isBlank() ? "k1" : id.trim();
        String previous = orEmpty(env.apply("TRIAGE_SECRET_KEYS_PREVIOUS"));
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        try {
            if (!key.isBlank()) {
                keys.put(id, decode(key));
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
            return new SecretSeal(null, Map.of(), e.getMessage());
        }
        return key.isBlank() ? new SecretSeal(null, keys, "TRIAGE_SECRET_KEY is not set") : new SecretSeal(id, keys, null);
    }

    /** Why nothing can be sealed, or {@code null} when sealing works. */
    public @Nullable String problem() {
        return problem;
    }

    /** The id of the key new values are sealed with, or {@code null} when there is none. */
    public @Nullable String currentKeyId() {
        return currentId;
    }

    /** The id of the key a sealed value was sealed with. */
    public static String keyIdOf(String sealed) {
        String[] parts = sealed.split(":", 3);
        return parts.length == 3 ? parts[1] : "";
    }

    public String seal(String plaintext, String context) {
        if (currentId == null) {
            throw new IllegalStateException(problem);
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

    /**
     * @throws IllegalStateException when the key is unknown or the value was changed or sealed for another context
     */
    public String open(String stored, String context) {
        String[] parts = stored.split(":", 3);
        SecretKeySpec key = parts.length == 3 && parts[0].equals("v1") ? keys.get(parts[1]) : null;
        if (key == null) {
            throw new IllegalStateException("the secret was sealed with a key this server does not have");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the secret does not open with this server's key");
        }
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
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
}
