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
 * The batches a signature has recorded, kept for idempotency: the first 8 bytes of the SHA-256 of each
 * {@code job#batch}, oldest first, in one binary value, at most {@code kept} of them.
 *
 * <p>Why a binary: the same 1,000 batches as a list of strings were about 48 KB of a document that every poll reads
 * and writes, each string encoded, copied and compared on its own; as one binary they are 8 KB that the store copies
 * as a block. Two keys sharing a hash (about one chance in 10^13 among 1,000) would only make a replay of one look
 * already recorded. Documents written before hold a list of the keys, which is read as their hashes.
 */
final class AppliedBatches {

    private static final int HASH_BYTES = Long.BYTES;

    private final int kept;
    private byte[] hashes;

    private AppliedBatches(byte[] hashes, int kept) {
        this.hashes = hashes;
        this.kept = kept;
    }

    /** Reads the stored value: a binary of hashes, a list of keys (written by earlier versions) or nothing. */
    static AppliedBatches of(@Nullable Object stored, int kept) {
        if (stored instanceof Binary binary) {
            return new AppliedBatches(binary.getData(), kept);
        }
        AppliedBatches batches = new AppliedBatches(new byte[0], kept);
        if (stored instanceof List<?> keys) {
            keys.forEach(key -> batches.add(key.toString()));
        }
        return batches;
    }

    /** Records the batch; false when it was recorded before. */
    boolean add(String key) {
        long hash = hash(key);
        ByteBuffer all = ByteBuffer.wrap(hashes);
        for (int at = 0; at < hashes.length; at += HASH_BYTES) {
            if (all.getLong(at) == hash) {
                return false;
            }
        }
        int keep = Math.min(hashes.length, (kept - 1) * HASH_BYTES);
        byte[] next = Arrays.copyOfRange(hashes, hashes.length - keep, hashes.length + HASH_BYTES);
        ByteBuffer.wrap(next).putLong(keep, hash);
        hashes = next;
        return true;
    }

    int size() {
        return hashes.length / HASH_BYTES;
    }

    Binary toBson() {
        return new Binary(hashes);
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
