package dev.triage.platform.mongo.embedded;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Finds the unique index that can narrow a query to the documents its key names. */
final class KeyLookup {

    private KeyLookup() {
    }

    /**
     * The positions of the documents the query's unique key names, or null when no unique index applies (the caller
     * then scans as mongo-java-server would). A query of exactly the index's fields is left alone: mongo-java-server
     * already uses the index for it. The key may sit at the top of the query or in one of its {@code $and} terms (the
     * driver's {@code Filters.and} writes the latter, Spring's {@code Criteria} the former).
     */
    static <P> @Nullable Iterable<P> candidates(List<Index<P>> indexes, Document query) {
        for (Index<P> index : indexes) {
            if (!index.isUnique() || index.getKeys().size() != 1) {
                continue;
            }
            String key = index.getKeys().getFirst().getKey();
            if (query.size() == 1 && query.containsKey(key)) {
                return null;
            }
            Object condition = condition(query, key);
            if (condition != null) {
                Document narrowed = new Document(key, condition);
                if (index.canHandle(narrowed)) {
                    return index.getPositions(narrowed);
                }
            }
        }
        return null;
    }

    /** The condition on {@code key} that every match must meet: a top-level field or one inside a top-level $and. */
    private static @Nullable Object condition(Document query, String key) {
        if (query.containsKey(key)) {
            return query.get(key);
        }
        if (query.get("$and") instanceof List<?> terms) {
            for (Object term : terms) {
                if (term instanceof Document document) {
                    Object found = condition(document, key);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }
}
