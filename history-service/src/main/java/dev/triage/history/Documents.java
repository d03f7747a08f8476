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
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * scans the whole collection, which costs milliseconds per write at a few thousand tests. Many documents are read with
 * one {@code _id $in} query and written with one unordered bulk write of updates that carry only the fields that
 * changed; those whose guard matched nothing (another writer was first) are read again and redone. {@code version}
 * still counts the writes (documents written before {@code rev} existed are guarded by it once, scanning).
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
    /**
     * Serialises this process's read-modify-writes per collection. mongo-java-server does not isolate a read from a
     * concurrent update of the same document: a read can return the new {@code rev} with some fields still old, and a
     * write guarded by that {@code rev} then loses the update (measured: with four threads writing the same 25 tests,
     * about every third round of 800 writes lost one run). Real MongoDB reads a document atomically, where the guard
     * alone suffices and this lock only costs the overlap of two listener threads on the same collection. Single atomic
     * updates need no lock: a write computed from a torn read carries only the fields it changed, never the ones those
     * updates touch.
     */
    private static final Map<String, Lock> LOCKS = GUARDED.stream()
            .collect(Collectors.toUnmodifiableMap(c -> c, c -> new ReentrantLock()));
    private static final Lock OTHERS = new ReentrantLock();

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
            Function<@Nullable Document, @Nullable Document> change) {
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
        Lock lock = LOCKS.getOrDefault(collection, OTHERS);
        for (int attempt = 0; attempt < ATTEMPTS && !pending.isEmpty(); attempt++) {
            lock.lock();
            try {
                pending = attempt(mongo, collection, pending, change, written);
            } finally {
                lock.unlock();
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("too much contention on " + collection + " " + pending);
        }
        return written;
    }

    /** One read of {@code pending}, one bulk write; returns the ids to do again. */
    private static Set<String> attempt(MongoTemplate mongo, String collection, Set<String> pending,
            BiFunction<String, @Nullable Document, @Nullable Document> change, Map<String, Document> written) {
        Map<String, Document> stored = read(mongo, collection, pending);
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<String> writeIds = new ArrayList<>();
        Map<String, Document> next = new HashMap<>();
        for (String id : pending) {
            Document before = stored.get(id);
            // Read the guard and the fields first: change may return the stored document itself, changed.
            Bson guard = before == null ? null : guard(id, before);
            Document fields = before == null ? null : copy(before);
            Document after = change.apply(id, before);
            if (after == null) {
                continue;
            }
            after.put("_id", id);
            after.put(REV, newRev());
            if (fields == null) {
                after.put("version", 1L);
                writes.add(new InsertOneModel<>(after));
            } else {
                after.put("version", versionOf(fields) + 1);
                writes.add(new UpdateOneModel<>(guard, changes(fields, after)));
            }
            writeIds.add(id);
            next.put(id, after);
        }
        Set<String> conflicts = write(mongo, collection, writes, writeIds, next);
        for (String id : writeIds) {
            if (!conflicts.contains(id)) {
                written.put(id, next.get(id));
            }
        }
        return conflicts;
    }

    /**
     * Writes and returns the ids another writer got to first: an insert that collided on {@code _id}, or an update whose
     * guard matched nothing (found by reading back the tokens, only when fewer updates matched than were sent).
     */
    private static Set<String> write(MongoTemplate mongo, String collection, List<WriteModel<Document>> writes,
            List<String> writeIds, Map<String, Document> next) {
        Set<String> conflicts = new LinkedHashSet<>();
        if (writes.isEmpty()) {
            return conflicts;
        }
        long updates = writes.stream().filter(UpdateOneModel.class::isInstance).count();
        long matched;
        try {
            matched = mongo.getCollection(collection).bulkWrite(writes, new BulkWriteOptions().ordered(false))
                    .getMatchedCount();
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY || !(writes.get(error.getIndex()) instanceof InsertOneModel)) {
                    throw e;
                }
                conflicts.add(writeIds.get(error.getIndex()));
            }
            matched = e.getWriteResult().getMatchedCount();
        }
        if (matched < updates) {
            List<String> updated = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i) instanceof UpdateOneModel) {
                    updated.add(writeIds.get(i));
                }
            }
            Map<String, Document> now = read(mongo, collection, updated, Projections.include(REV));
            for (String id : updated) {
                Document current = now.get(id);
                if (current == null || !next.get(id).get(REV).equals(current.get(REV))) {
                    conflicts.add(id);
                }
            }
        }
        return conflicts;
    }

    /** The filter of a guarded write: the token read, or, for a document written before tokens existed, its version. */
    private static Bson guard(String id, Document before) {
        Object rev = before.get(REV);
        return rev != null ? eq(REV, rev) : and(eq("_id", id), eq("version", before.get("version")));
    }

    /**
     * The update that turns {@code before} into {@code after}, field by field at the top level, so a write carries what
     * changed rather than the whole document (which also keeps the embedded store's oplog small). A list that grew at its
     * end and dropped from its start, like a test's newest runs, becomes a {@code $push} with {@code $slice}.
     */
    static Document changes(Document before, Document after) {
        Document set = new Document();
        Document push = new Document();
        Document unset = new Document();
        for (Map.Entry<String, Object> field : after.entrySet()) {
            String key = field.getKey();
            Object value = field.getValue();
            if (key.equals("_id") || before.containsKey(key) && Objects.equals(before.get(key), value)) {
                continue;
            }
            List<?> appended = before.get(key) instanceof List<?> old && value instanceof List<?> now ? appended(old, now) : null;
            if (appended != null) {
                push.put(key, new Document("$each", appended).append("$slice", -((List<?>) value).size()));
            } else {
                set.put(key, value);
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                unset.put(key, "");
            }
        }
        Document update = new Document("$set", set);
        if (!push.isEmpty()) {
            update.put("$push", push);
        }
        if (!unset.isEmpty()) {
            update.put("$unset", unset);
        }
        return update;
    }

    /**
     * The elements appended when {@code now} is {@code old} plus new elements at the end, minus some from its start
     * (what {@code $push} with {@code $each} and a negative {@code $slice} of {@code now}'s size produces); null when it
     * is not. A write that records the runs of several jobs of one poll appends several elements at once.
     */
    static @Nullable List<?> appended(List<?> old, List<?> now) {
        if (now.isEmpty()) {
            return null;
        }
        if (old.isEmpty()) {
            return List.copyOf(now);
        }
        // now = old[start..] + appended, with at least one element of old kept and one appended; most kept first
        for (int start = Math.max(0, old.size() - now.size() + 1); start < old.size(); start++) {
            int kept = old.size() - start;
            if (old.get(start).equals(now.getFirst()) && now.subList(0, kept).equals(old.subList(start, old.size()))) {
                return List.copyOf(now.subList(kept, now.size()));
            }
        }
        return null;
    }

    /** The documents of {@code ids} that exist, by id: one {@code _id $in} read per {@value #READ_CHUNK} ids. */
    public static Map<String, Document> read(MongoTemplate mongo, String collection, Collection<String> ids) {
        return read(mongo, collection, ids, null);
    }

    private static Map<String, Document> read(MongoTemplate mongo, String collection, Collection<String> ids,
            @Nullable Bson projection) {
        Map<String, Document> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += READ_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + READ_CHUNK));
            // _id alone: a filter of _id (or _id $in) is served by the _id index on mongo-java-server too
            var cursor = mongo.getCollection(collection).find(chunk.size() == 1 ? eq("_id", chunk.getFirst()) : in("_id", chunk))
                    .projection(projection).batchSize(READ_CHUNK);
            for (Document doc : cursor) {
                found.put(doc.getString("_id"), doc);
            }
        }
        return found;
    }

    /** A deep copy, because changes may change nested documents and lists in place. */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Document doc) {
            Document out = new Document();
            doc.forEach((k, v) -> out.put(k, copy(v)));
            return (T) out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(copy(v)));
            return (T) out;
        }
        return value;
    }

    static long versionOf(Document doc) {
        Number v = doc.get("version", Number.class);
        return v == null ? 0 : v.longValue();
    }
}
