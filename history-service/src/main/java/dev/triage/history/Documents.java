package dev.triage.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Read-modify-write of whole documents, guarded so that two writers of the same document (two partitions touching the
 * same test) retry instead of losing an update. This is the one place the history changes whole documents; everything
 * else uses single atomic updates, which must go through {@link #changed(Update)}.
 *
 * <p>The guard is the document's {@code rev}: a token that every write to a guarded document replaces. A guarded write
 * filters on the {@code rev} it read, alone, under a unique index. One key, because mongo-java-server serves a query
 * from an index only when the query's keys are exactly the index's keys: a filter of {@code _id} plus {@code version}
 * scans the whole collection, which costs milliseconds per write at a few thousand tests. The write is an upsert, so a
 * stale {@code rev} does not silently match nothing: the insert it falls back to collides on {@code _id} and the bulk
 * result names the conflicting write, which is then read again and redone. {@code version} still counts the writes
 * (documents written before {@code rev} existed are guarded by it once, scanning).
 */
public final class Documents {

    /** The write token of a guarded document. */
    public static final String REV = "rev";
    /** The collections whose documents are guarded by {@link #REV}. */
    public static final List<String> GUARDED = List.of("test_history", "signature_history", "job_history");

    private static final int ATTEMPTS = 50;
    /** Ids per read, so that one reply stays far below the server's message size with documents of ~100 KB. */
    private static final int READ_CHUNK = 200;
    private static final int DUPLICATE_KEY = 11000;
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private Documents() {
    }

    /** A fresh write token. ObjectIds are unique across processes, so concurrent writers never produce the same one. */
    public static String newRev() {
        return new ObjectId().toHexString();
    }

    /** Marks a single atomic update of a guarded document as a change, so that a read-modify-write racing it retries. */
    public static Update changed(Update update) {
        return update.inc("version", 1).set(REV, newRev());
    }

    /** The unique index the guard filters on; sparse, because documents written before it existed have no token. */
    public static void createGuardIndexes(MongoTemplate mongo) {
        for (String collection : GUARDED) {
            mongo.getCollection(collection).createIndex(Indexes.ascending(REV),
                    new IndexOptions().unique(true).sparse(true).name("rev_1"));
        }
    }

    /**
     * Applies {@code change} to the stored document (or to null when there is none) and writes the result.
     *
     * @param change returns the new document, or null when nothing is to be written (e.g. a duplicate)
     * @return the written document, or null when {@code change} wrote nothing
     */
    public static @Nullable Document update(MongoTemplate mongo, String collection, String id,
            java.util.function.Function<@Nullable Document, @Nullable Document> change) {
        return updateAll(mongo, collection, List.of(id), (key, stored) -> change.apply(stored)).get(id);
    }

    /**
     * Applies {@code change} to each document of {@code ids} and writes them: one read of all of them, one unordered
     * bulk write, and the same again for those another writer changed in between. {@code change} may be called more
     * than once for an id (once per attempt); the last call's result is what is written.
     *
     * @param change given the id and the stored document (null when there is none), returns the new document, or null
     *               when nothing is to be written
     * @return the written documents by id; ids whose change wrote nothing are absent
     */
    public static Map<String, Document> updateAll(MongoTemplate mongo, String collection, Collection<String> ids,
            BiFunction<String, @Nullable Document, @Nullable Document> change) {
        Map<String, Document> written = new LinkedHashMap<>();
        Set<String> pending = new LinkedHashSet<>(ids);
        String lastConflict = "";
        for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
            Map<String, Document> stored = read(mongo, collection, pending);
            List<WriteModel<Document>> writes = new ArrayList<>();
            List<String> writeIds = new ArrayList<>();
            Map<String, Document> next = new HashMap<>();
            for (String id : pending) {
                Document before = stored.get(id);
                // read the guard first: change may return the stored document itself, changed
                Bson guard = before == null ? null : guard(id, before);
                long version = before == null ? 0 : versionOf(before);
                Document after = change.apply(id, before);
                if (after == null) {
                    continue;
                }
                after.put("_id", id);
                after.put("version", version + 1);
                after.put(REV, newRev());
                // Upsert: when the guard matches nothing, the insert collides on _id and reports this write as a conflict.
                writes.add(guard == null ? new InsertOneModel<>(after) : new ReplaceOneModel<>(guard, after, UPSERT));
                writeIds.add(id);
                next.put(id, after);
            }
            Set<String> conflicts = new LinkedHashSet<>();
            if (!writes.isEmpty()) {
                try {
                    mongo.getCollection(collection).bulkWrite(writes, new BulkWriteOptions().ordered(false));
                } catch (MongoBulkWriteException e) {
                    for (BulkWriteError error : e.getWriteErrors()) {
                        if (error.getCode() != DUPLICATE_KEY) {
                            throw e;
                        }
                        conflicts.add(writeIds.get(error.getIndex()));
                        lastConflict = error.getMessage();
                    }
                }
            }
            for (String id : writeIds) {
                if (!conflicts.contains(id)) {
                    written.put(id, next.get(id));
                }
            }
            pending = conflicts;
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("too much contention on " + collection + " " + pending + ": " + lastConflict);
        }
        return written;
    }

    /** The filter of a guarded write: the token read, or, for a document written before tokens existed, its version. */
    private static Bson guard(String id, Document before) {
        Object rev = before.get(REV);
        return rev != null ? eq(REV, rev) : and(eq("_id", id), eq("version", before.get("version")));
    }

    private static Map<String, Document> read(MongoTemplate mongo, String collection, Collection<String> ids) {
        Map<String, Document> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += READ_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
            // _id alone (a $in is served by the _id index on mongo-java-server too)
            var cursor = chunk.size() == 1 ? mongo.getCollection(collection).find(eq("_id", chunk.getFirst()))
                    : mongo.getCollection(collection).find(in("_id", chunk));
            for (Document doc : cursor.batchSize(READ_CHUNK)) {
                found.put(doc.getString("_id"), doc);
            }
        }
        return found;
    }

    static long versionOf(Document doc) {
        Number v = doc.get("version", Number.class);
        return v == null ? 0 : v.longValue();
    }
}
