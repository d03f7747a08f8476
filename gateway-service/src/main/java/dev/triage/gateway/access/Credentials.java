package dev.triage.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated secrets: API keys and tokens look like {@code trg_<id>_<secret>}, where the id (12 characters) finds the
 * stored record and the secret is 32 random bytes. Only the SHA-256 of the whole value is stored; it is compared in
 * constant time. A secret of 256 random bits needs no slow hash: there is nothing to guess. A key an admin chose
 * (rotate-key with {@code new_key}) has no id inside; it is found by a digest of its own and compared the same way.
 */
final class Credentials {

    static final String PREFIX = "trg_";
    private static final Pattern GENERATED = Pattern.compile("trg_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    /** A new credential and the id it is stored under. */
    record Issued(String id, String value) {
    }

    static Issued generate() {
        String id = randomId(12);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new Issued(id, PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The record id a presented value is stored under. */
    static String idOf(String value) {
        Matcher m = GENERATED.matcher(value);
        return m.matches() ? m.group(1) : "c" + sha256Hex(value).substring(0, 23);
    }

    static String randomId(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    static String randomSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code value} hashes to {@code storedHex}, in time independent of where they differ. */
    static boolean matches(String value, String storedHex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(value), stored);
    }
}
