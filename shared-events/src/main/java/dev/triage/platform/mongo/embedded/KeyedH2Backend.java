package dev.triage.platform.mongo.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The H2-file store of the local all-in-one, answering keyed queries from the key's index, keeping unique indexes in
 * memory only ({@link PositionCache}), keeping no data-size total and writing documents as BSON
 * ({@link BsonDocumentType}). Collections keep mongo-java-server's own map names, and documents in its format are still
 * read, so a data directory written before this class existed opens unchanged.
 */
public final class KeyedH2Backend extends H2Backend {

    public KeyedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Inner, so that it reaches the store while its superclass constructor opens the stored collections. */
    private final class Database extends H2Database {
        Database(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String name, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(name);
            MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
            return new Collection(this, name, options, documents(fullName), meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                boolean sparse) {
            String fullName = getFullCollectionNamespace(collectionName);
            // the index as mongo-java-server stores it, no longer kept: free its space in a file an earlier version wrote
            String stored = fullName + "._index_" + indexName;
            if (getMvStore().hasMap(stored)) {
                getMvStore().removeMap(stored);
            }
            return new PositionCache(documents(fullName), indexName, keys, sparse);
        }

        /** A collection's documents under mongo-java-server's map name; opening it again returns the same map. */
        private MVMap<Object, Document> documents(String fullName) {
            return getMvStore().openMap("databases." + fullName,
                    new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
        }
    }

    private static final class Collection extends H2Collection {
        Collection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        /**
         * No running total of the data size: it is kept only for collStats, which Triage does not use, and costs a
         * BSON encoding of the whole document on every insert, update and delete (11 % of the store's CPU under load).
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                Document projection) {
            Iterable<Object> candidates = KeyLookup.candidates(getIndexes(), query);
            return candidates == null ? super.queryDocuments(query, orderBy, skip, limit, batchSize, projection)
                    : matchDocuments(query, candidates, orderBy, skip, limit, batchSize, projection);
        }
    }
}
