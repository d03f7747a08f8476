package dev.triage.platform.mongo.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * A unique index of the H2 store, held in memory only and built from the collection's documents at its first use.
 *
 * <p>Why: H2 compares keys it has no type for, such as mongo-java-server's {@code KeyValue}, by Java-serialising both
 * sides at every step of its binary search, and writes them by Java serialisation at every commit. A stored index was
 * therefore paid for on every insert and on every update that changes an indexed field (every guarded write changes
 * its {@code rev}): 11 % of the local store's CPU for the look-ups, and again 12 % for keeping the stored copy once the
 * look-ups came from memory. Positions in this store are the documents' keys in the collection's map, so the index
 * follows from the documents alone; building it reads the collection once per start (about a second per 100k
 * documents, the store's comfortable size) and holds a few MB per index. Index maps written by earlier versions are
 * removed when their index is opened (see {@link KeyedH2Backend}).
 */
final class PositionCache extends AbstractUniqueIndex<Object> {

    private final MVMap<Object, Document> documents;
    /** Guarded by this index's monitor, which mongo-java-server's own add and remove hold too; null until first use. */
    private @Nullable Map<KeyValue, Object> positions;

    PositionCache(MVMap<Object, Document> documents, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.documents = documents;
    }

    @Override
    protected synchronized Object getPosition(KeyValue key) {
        return positions().get(key);
    }

    @Override
    protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
        Object before = positions().putIfAbsent(key, position);
        // the same document indexed again (a first use that came after the document was stored) is not a conflict
        return before == null || before.equals(position);
    }

    @Override
    protected synchronized Object removeDocument(KeyValue key) {
        return positions().remove(key);
    }

    private Map<KeyValue, Object> positions() {
        if (positions == null) {
            positions = new HashMap<>();
            // as mongo-java-server fills an index: every stored document added at its position, sparse rules included
            documents.forEach((position, document) -> add(document, position, null));
        }
        return positions;
    }

    @Override
    protected synchronized Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return List.copyOf(positions().entrySet());
    }

    @Override
    public synchronized long getCount() {
        return positions().size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return positions().isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        positions = null;
    }
}
