package dev.triage.platform.mongo;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import dev.triage.events.analysis.PayloadRef;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * The claim-check store: large inputs (reports, failure lists) and outputs (enriched XML) live here, and events carry
 * only a {@link PayloadRef}. A payload is one record in {@code <bucket>.blobs} and its bytes are parts of 255 KiB in
 * {@code <bucket>.parts}, each keyed {@code <id>:<n>}, so every read and write is a key lookup on real MongoDB and on
 * the embedded store alike (GridFS finds its chunks by a compound index the embedded store cannot use: every read
 * scanned every chunk ever stored; ADR 0008). A payload smaller than one part (most failure lists) keeps its bytes in its
 * record instead: one write and one read. Payloads written to GridFS by earlier versions are still read and deleted.
 * Uploads stream part by part and downloads fetch a few parts at a time, so neither holds a whole payload in memory.
 */
public class PayloadStore {

    private static final int PART_BYTES = 255 * 1024;
    private static final int PARTS_PER_READ = 4;

    private final MongoCollection<Document> blobs;
    private final MongoCollection<Document> parts;
    private final GridFSBucket legacy;

    public PayloadStore(MongoClient client, String database, String bucketName) {
        MongoDatabase db = client.getDatabase(database);
        this.blobs = db.getCollection(bucketName + ".blobs");
        this.parts = db.getCollection(bucketName + ".parts");
        this.legacy = GridFSBuckets.create(db, bucketName);
    }

    /** Writes what {@code writer} produces; on any failure the partial upload is removed. */
    public PayloadRef store(String contentType, long maxBytes, PayloadWriter writer) throws IOException {
        Upload upload = begin(contentType, maxBytes);
        try {
            writer.writeTo(upload.stream());
        } catch (IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
        return upload.finish();
    }

    /** Starts an upload the caller writes to and then finishes or aborts; for callers that learn late whether they store. */
    public Upload begin(String contentType, long maxBytes) {
        return new Upload(new ObjectId().toHexString(), contentType, maxBytes);
    }

    /** One upload in progress: parts are stored as they fill; the blob record, written last, makes the payload exist. */
    public final class Upload {
        private final String id;
        private final String contentType;
        private final MessageDigest sha256 = sha256();
        private final PartWriter writer;
        private final LimitedOutputStream limited;
        private final OutputStream out;

        private Upload(String id, String contentType, long maxBytes) {
            this.id = id;
            this.contentType = contentType;
            this.writer = new PartWriter(id);
            this.limited = new LimitedOutputStream(writer, maxBytes);
            this.out = new DigestOutputStream(limited, sha256);
        }

        /** Where to write; closing it does nothing, {@link #finish()} or {@link #abort()} ends the upload. */
        public OutputStream stream() {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** Stores what was written. */
        public PayloadRef finish() throws IOException {
            String digest = HexFormat.of().formatHex(sha256.digest());
            Document blob = new Document("_id", id).append("length", limited.written);
            if (writer.count == 0) {
                blob.append("parts", 0).append("data", new Binary(writer.unflushed()));
            } else {
                writer.flushPart();
                blob.append("parts", writer.count);
            }
            blobs.insertOne(blob.append("contentType", contentType).append("sha256", digest).append("createdAt", new Date()));
            return new PayloadRef(id, contentType, limited.written, digest);
        }

        /** Removes what was written so far. */
        public void abort() {
            deleteParts(id, writer.count);
        }
    }

    /** Stores bytes already in memory (small payloads). */
    public PayloadRef store(String contentType, byte[] bytes) throws IOException {
        return store(contentType, Long.MAX_VALUE, out -> out.write(bytes));
    }

    /** Opens a stored payload for streaming, or empty when it does not exist (deleted, or a wrong id). */
    public Optional<InputStream> open(String id) {
        if (!ObjectId.isValid(id)) {
            return Optional.empty();
        }
        Document blob = blobs.find(new Document("_id", id)).first();
        if (blob != null) {
            Binary inline = blob.get("data", Binary.class);
            return Optional.of(inline != null ? new ByteArrayInputStream(inline.getData())
                    : new PartReader(id, ((Number) blob.get("parts")).intValue()));
        }
        try {
            // written by an earlier version; GridFS needs a cursor batch size on the embedded store (INFRA.md gotcha 20)
            return Optional.of(legacy.openDownloadStream(new ObjectId(id)).batchSize(16));
        } catch (MongoGridFSException e) {
            return Optional.empty();
        }
    }

    /** Removes a payload; removing a missing one is not an error. */
    public void delete(String id) {
        if (!ObjectId.isValid(id)) {
            return;
        }
        Document blob = blobs.findOneAndDelete(new Document("_id", id));
        if (blob != null) {
            deleteParts(id, ((Number) blob.get("parts")).intValue());
            return;
        }
        try {
            legacy.delete(new ObjectId(id));
        } catch (MongoGridFSException e) {
            // already gone: deleting is idempotent
        }
    }

    private void deleteParts(String id, int count) {
        for (int from = 0; from < count; from += 100) {
            parts.deleteMany(new Document("_id", new Document("$in", partIds(id, from, Math.min(count, from + 100)))));
        }
    }

    private static List<String> partIds(String id, int from, int to) {
        List<String> ids = new ArrayList<>(to - from);
        for (int n = from; n < to; n++) {
            ids.add(id + ":" + n);
        }
        return ids;
    }

    /** Cuts the stream into parts and stores each as it fills. */
    private final class PartWriter extends OutputStream {
        private final String id;
        private final byte[] buffer = new byte[PART_BYTES];
        private int filled;
        private int count;

        PartWriter(String id) {
            this.id = id;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    flushPart();
                }
            }
        }

        /** What was written since the last part was stored. */
        byte[] unflushed() {
            return Arrays.copyOf(buffer, filled);
        }

        void flushPart() {
            if (filled == 0) {
                return;
            }
            byte[] data = filled == buffer.length ? buffer.clone() : Arrays.copyOf(buffer, filled);
            parts.insertOne(new Document("_id", id + ":" + count).append("data", new Binary(data)));
            count++;
            filled = 0;
        }
    }

    /** Reads the parts in order, a few per round trip. */
    private final class PartReader extends InputStream {
        private final String id;
        private final int count;
        private final ArrayDeque<byte[]> fetched = new ArrayDeque<>();
        private int next;
        private byte[] current = new byte[0];
        private int position;

        PartReader(String id, int count) {
            this.id = id;
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == current.length) {
                if (fetched.isEmpty() && !fetch()) {
                    return -1;
                }
                current = fetched.poll();
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fetch() throws IOException {
            if (next >= count) {
                return false;
            }
            int to = Math.min(count, next + PARTS_PER_READ);
            Map<String, byte[]> byId = new HashMap<>();
            parts.find(new Document("_id", new Document("$in", partIds(id, next, to))))
                    .forEach(part -> byId.put(part.getString("_id"), part.get("data", Binary.class).getData()));
            for (int n = next; n < to; n++) {
                byte[] data = byId.get(id + ":" + n);
                if (data == null) {
                    throw new IOException("payload " + id + " is missing part " + n);
                }
                fetched.add(data);
            }
            next = to;
            return true;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Produces a payload into the stream it is given. */
    @FunctionalInterface
    public interface PayloadWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Thrown when a payload grows past the limit given to {@link #store(String, long, PayloadWriter)}. */
    public static class PayloadTooLargeException extends IOException {
        public PayloadTooLargeException(long limit) {
            super("payload exceeds " + limit + " bytes");
        }
    }

    private static final class LimitedOutputStream extends FilterOutputStream {
        private final long limit;
        private long written;

        LimitedOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            count(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count(len);
            out.write(b, off, len);
        }

        private void count(int n) throws IOException {
            written += n;
            if (written > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }
    }
}
