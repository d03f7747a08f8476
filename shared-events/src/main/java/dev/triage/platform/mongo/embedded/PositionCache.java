package dev.triage.platform.mongo.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * A unique index of the H2 store with its key → position look-ups answered from memory. The stored map stays the
 * source of truth and keeps mongo-java-server's format, so existing data directories open unchanged.
 *
 * <p>Why: H2 compares keys it has no type for, such as mongo-java-server's {@code KeyValue}, by Java-serialising both
 * sides at every step of its binary search; under load that was 11 % of the local store's CPU, on every keyed read,
 * update and insert. The whole index is read into memory at its first use, so that a key missing from memory is
 * missing (every insert asks for its new key); at the embedded store's comfortable size (100k documents per
 * collection) that is a few MB per unique index.
 */
final class PositionCache extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> stored;
    /** Guarded by this index's monitor, which mongo-java-server's own add and remove hold too; null until first use. */
    private @Nullable Map<KeyValue, Object> positions;

    PositionCache(MVMap<KeyValue, Object> stored, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.stored = stored;
    }

    @Override
    protected synchronized Object getPosition(KeyValue key) {
        return positions().get(key);
    }

    @Override
    protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
        Object value = Missing.ofNullable(position);
        if (positions().putIfAbsent(key, value) != null) {
            return false;
        }
        stored.put(key, value);
        return true;
    }

    @Override
    protected synchronized Object removeDocument(KeyValue key) {
        positions().remove(key);
        return stored.remove(key);
    }

    private Map<KeyValue, Object> positions() {
        if (positions == null) {
            Map<KeyValue, Object> all = new HashMap<>();
            stored.forEach(all::put);
            positions = all;
        }
        return positions;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return stored.entrySet();
    }

    @Override
    public long getCount() {
        return stored.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return stored.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
