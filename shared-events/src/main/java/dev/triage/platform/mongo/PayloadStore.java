package dev.triage.platform.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.MongoGridFSException;
import dev.triage.events.analysis.PayloadRef;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The claim-check store: large inputs (reports, failure lists) and outputs (enriched XML) live here, in GridFS, and
 * events carry only a {@link PayloadRef}. Uploads stream in chunks; downloads set a cursor batch size because the
 * embedded store answers a chunk query in one reply otherwise (INFRA.md gotcha 20).
 */
public class PayloadStore {

    private static final int CHUNK_BYTES = 255 * 1024;
    private static final int DOWNLOAD_BATCH = 16;

    private final GridFSBucket bucket;

    public PayloadStore(MongoClient client, String database, String bucketName) {
        this.bucket = GridFSBuckets.create(client.getDatabase(database), bucketName);
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
        GridFSUploadOptions options = new GridFSUploadOptions().chunkSizeBytes(CHUNK_BYTES)
                .metadata(new Document("contentType", contentType));
        return new Upload(bucket.openUploadStream("payload", options), contentType, maxBytes);
    }

    /** One upload in progress. */
    public static final class Upload {
        private final GridFSUploadStream upload;
        private final String contentType;
        private final MessageDigest sha256 = sha256();
        private final LimitedOutputStream limited;
        private final OutputStream out;

        private Upload(GridFSUploadStream upload, String contentType, long maxBytes) {
            this.upload = upload;
            this.contentType = contentType;
            this.limited = new LimitedOutputStream(upload, maxBytes);
            this.out = new DigestOutputStream(limited, sha256);
        }

        /** Where to write; closing it does nothing, {@link #finish()} or {@link #abort()} ends the upload. */
        public OutputStream stream() {
            return new java.io.FilterOutputStream(out) {
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
            out.close();
            return new PayloadRef(upload.getObjectId().toHexString(), contentType, limited.written,
                    HexFormat.of().formatHex(sha256.digest()));
        }

        /** Removes what was written; closing instead would store the partial file. */
        public void abort() {
            upload.abort();
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
        try {
            return Optional.of(bucket.openDownloadStream(new ObjectId(id)).batchSize(DOWNLOAD_BATCH));
        } catch (MongoGridFSException e) {
            return Optional.empty();
        }
    }

    /** Removes a payload; removing a missing one is not an error. */
    public void delete(String id) {
        if (!ObjectId.isValid(id)) {
            return;
        }
        try {
            bucket.delete(new ObjectId(id));
        } catch (MongoGridFSException e) {
            // already gone: deleting is idempotent
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
