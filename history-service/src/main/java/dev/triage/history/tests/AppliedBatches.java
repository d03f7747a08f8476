package dev.triage.history.tests;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;

/**
 * The batches a signature has recorded, for idempotency: each {@code job#batch} key as the first 8 bytes of its
 * SHA-256, all in one binary value, oldest first.
 *
 * <p>Why not the keys themselves: a signature seen in every job is read and rewritten for every poll, and a thousand
 * keys as BSON strings were ~48 KB of its ~85 KB, each string cloned, compared and encoded by the store on every write.
 * Eight bytes keep the chance that two of a thousand keys collide (and a batch is wrongly skipped) below 10⁻¹³.
 *
 * <p>A document written before this held the keys as a list of strings; they are read as their hashes.
 */
final class AppliedBatches {

    static final int HASH_BYTES = 8;

    private final long[] hashes;

    private AppliedBatches(long[] hashes) {
        this.hashes = hashes;
    }

    /** Reads the stored value: a binary, a legacy list of keys, or nothing. */
    static AppliedBatches of(@Nullable Object stored) {
        if (stored instanceof Binary binary) {
            return fromBytes(binary.getData());
        }
        if (stored instanceof byte[] bytes) {
            return fromBytes(bytes);
        }
        if (stored instanceof List<?> keys) {
            return new AppliedBatches(keys.stream().mapToLong(key -> hash(String.valueOf(key))).toArray());
        }
        return new AppliedBatches(new long[0]);
    }

    private static AppliedBatches fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] hashes = new long[bytes.length / HASH_BYTES];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = buffer.getLong();
        }
        return new AppliedBatches(hashes);
    }

    /** The stored form of one batch's key {@code job#batch}. */
    static long key(String jobId, int batch) {
        return hash(jobId + "#" + batch);
    }

    boolean contains(long key) {
        for (long h : hashes) {
            if (h == key) {
                return true;
            }
        }
        return false;
    }

    /** These batches and {@code key}, keeping only the newest {@code kept}. */
    AppliedBatches with(long key, int kept) {
        long[] next = Arrays.copyOf(hashes, hashes.length + 1);
        next[hashes.length] = key;
        return new AppliedBatches(Arrays.copyOfRange(next, Math.max(0, next.length - kept), next.length));
    }

    int size() {
        return hashes.length;
    }

    /** The value to store. */
    Binary toBinary() {
        ByteBuffer buffer = ByteBuffer.allocate(hashes.length * HASH_BYTES);
        for (long h : hashes) {
            buffer.putLong(h);
        }
        return new Binary(buffer.array());
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, HASH_BYTES).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
