package dev.triage.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.util.function.Function;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Read-modify-write of one document guarded by its {@code version}: the write only lands on the version it read, so
 * two writers of the same document (two partitions touching the same test) retry instead of losing an update. This
 * is the one place the history changes whole documents; everything else uses single atomic updates.
 */
public final class Documents {

    private static final int ATTEMPTS = 50;

    private Documents() {
    }

    /**
     * Applies {@code change} to the stored document (or to null when there is none) and writes the result.
     *
     * @param change returns the new document, or null when nothing is to be written (e.g. a duplicate)
     * @return the written document, or null when {@code change} wrote nothing
     */
    public static @Nullable Document update(MongoTemplate mongo, String collection, String id,
            Function<@Nullable Document, @Nullable Document> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document stored = mongo.findById(id, Document.class, collection);
            long version = stored == null ? 0 : versionOf(stored);
            Document next = change.apply(stored);
            if (next == null) {
                return null;
            }
            next.put("_id", id);
            next.put("version", version + 1);
            if (stored == null) {
                try {
                    mongo.insert(next, collection);
                    return next;
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            if (mongo.getCollection(collection).replaceOne(and(eq("_id", id), eq("version", version)), next)
                    .getMatchedCount() == 1) {
                return next;
            }
        }
        throw new IllegalStateException("too much contention on " + collection + "/" + id);
    }

    static long versionOf(Document doc) {
        Number v = doc.get("version", Number.class);
        return v == null ? 0 : v.longValue();
    }
}
