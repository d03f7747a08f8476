package dev.triage.platform.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyedBackendsUnitTests {

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of("memory", (Supplier<MongoBackend>) KeyedMemoryBackend::new),
                Arguments.of("h2", (Supplier<MongoBackend>) () -> new KeyedH2Backend(null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aGuardedUpdateByKeyChangesOnlyTheDocumentWhoseOtherConditionsHold(String name, Supplier<MongoBackend> backend) {
        withCollection(backend.get(), jobs -> {
            jobs.insertMany(List.of(new Document("_id", "a").append("status", "running").append("order", 3),
                    new Document("_id", "b").append("status", "running").append("order", 1),
                    new Document("_id", "c").append("status", "completed").append("order", 9)));

            assertThat(jobs.updateOne(Filters.and(Filters.eq("_id", "a"), Filters.lt("order", 2)),
                    Updates.set("status", "x")).getModifiedCount()).isZero();
            assertThat(jobs.updateOne(Filters.and(Filters.eq("_id", "a"), Filters.in("status", "pending", "running")),
                    Updates.set("status", "completed")).getModifiedCount()).isOne();
            assertThat(jobs.find(Filters.and(Filters.in("_id", "a", "b", "c"), Filters.eq("status", "completed")))
                    .map(d -> d.getString("_id")).into(new java.util.ArrayList<>())).containsExactlyInAnyOrder("a", "c");
            // conditions the key index cannot serve still scan, with the same answer
            assertThat(jobs.countDocuments(Filters.and(Filters.ne("_id", "a"), Filters.eq("status", "running")))).isOne();
            assertThat(jobs.findOneAndUpdate(Filters.and(Filters.eq("_id", "missing"), Filters.eq("status", "running")),
                    Updates.set("status", "x"))).isNull();
        });
    }

    @Test
    void aQueryWithTheKeyAndMoreIsNarrowedToTheKeyedDocumentsAndOtherQueriesAreNot() {
        var database = new KeyedMemoryBackend().openOrCreateDatabase("db");
        @SuppressWarnings("unchecked")
        var collection = (AbstractMongoCollection<Integer>) database.createCollectionOrThrowIfExists("jobs");
        for (int i = 0; i < 100; i++) {
            collection.addDocument(new de.bwaldvogel.mongo.bson.Document("_id", "job-" + i).append("status", "running"));
        }
        var keyedAndGuarded = new de.bwaldvogel.mongo.bson.Document("_id", "job-7").append("status", "running");
        var inAndGuarded = new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$in", List.of("job-1", "job-2", "nope"))).append("status", "running");

        assertThat(KeyLookup.candidates(collection.getIndexes(), keyedAndGuarded)).hasSize(1);
        assertThat(KeyLookup.candidates(collection.getIndexes(), inAndGuarded)).hasSize(2);
        var driverAnd = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("_id", "job-9"), new de.bwaldvogel.mongo.bson.Document("status", "running")));
        assertThat(KeyLookup.candidates(collection.getIndexes(), driverAnd)).hasSize(1);
        assertThat(KeyLookup.candidates(collection.getIndexes(),
                new de.bwaldvogel.mongo.bson.Document("status", "running"))).isNull();
        assertThat(KeyLookup.candidates(collection.getIndexes(), new de.bwaldvogel.mongo.bson.Document("_id",
                new de.bwaldvogel.mongo.bson.Document("$ne", "job-7")).append("status", "running"))).isNull();
    }

    @Test
    void aDataFileWrittenByThePlainH2BackendOpensWithItsDocumentsAndKeepsThemThroughRewritesAndRestarts(@TempDir Path dir) {
        String file = dir.resolve("triage.mv").toString();
        H2Backend plain = new H2Backend(file);
        withCollection(plain, jobs -> {
            jobs.createIndex(Indexes.ascending("rev"), new IndexOptions().unique(true).sparse(true));
            jobs.insertMany(List.of(new Document("_id", "kept").append("status", "completed").append("rev", "r1"),
                    new Document("_id", "changed").append("status", "running")));
        });
        plain.close();

        KeyedH2Backend keyed = new KeyedH2Backend(file);
        withCollection(keyed, jobs -> {
            assertThat(jobs.find(Filters.and(Filters.eq("_id", "kept"), Filters.eq("status", "completed"))).first())
                    .isNotNull();
            jobs.updateOne(Filters.eq("_id", "changed"), Updates.set("status", "completed"));
            jobs.insertOne(new Document("_id", "new").append("status", "pending"));
            // the unique index, built from the documents, still holds the plain backend's key
            assertThatThrownBy(() -> jobs.insertOne(new Document("_id", "other").append("rev", "r1")))
                    .isInstanceOf(MongoWriteException.class);
        });
        keyed.close();
        try (MVStore store = MVStore.open(file)) {
            assertThat(store.getMapNames()).noneMatch(map -> map.contains("._index_"));
        }

        // documents in both formats in one file: the untouched one as the plain backend wrote it, the others as BSON
        KeyedH2Backend reopened = new KeyedH2Backend(file);
        withCollection(reopened, jobs -> assertThat(jobs.find().sort(new Document("_id", 1)).into(new ArrayList<>()))
                .containsExactly(new Document("_id", "changed").append("status", "completed"),
                        new Document("_id", "kept").append("status", "completed").append("rev", "r1"),
                        new Document("_id", "new").append("status", "pending")));
        reopened.close();
    }

    @Test
    void aLeafPageHoldsAFewDocumentsSoThatAChangedOneRewritesFewOthers(@TempDir Path dir) {
        String file = dir.resolve("triage.mv").toString();
        KeyedH2Backend keyed = new KeyedH2Backend(file);
        withCollection(keyed, claims -> {
            List<Document> small = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                small.add(new Document("_id", "job-" + i).append("owner", "worker-1").append("attempt", 1));
            }
            claims.insertMany(small);
        });
        keyed.close();

        try (MVStore store = MVStore.open(file)) {
            org.h2.mvstore.MVMap<Object, de.bwaldvogel.mongo.bson.Document> data = store.openMap("databases.db.jobs",
                    new org.h2.mvstore.MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>()
                            .valueType(new BsonDocumentType()));
            assertThat(data.size()).isEqualTo(300);
            // H2 alone would put ~48 documents of this size in a page (its key limit)
            assertThat(largestLeaf(data.getRootPage())).isBetween(1, 16_384 / BsonDocumentType.LEAST_MEMORY + 1);
        }
    }

    private static int largestLeaf(org.h2.mvstore.Page<Object, de.bwaldvogel.mongo.bson.Document> page) {
        if (page.isLeaf()) {
            return page.getKeyCount();
        }
        int largest = 0;
        for (int i = 0; i < page.getRawChildPageCount(); i++) {
            largest = Math.max(largest, largestLeaf(page.getChildPage(i)));
        }
        return largest;
    }

    @Test
    void aSparseUniqueIndexIsBuiltAgainAfterARestartWithItsRules(@TempDir Path dir) {
        String file = dir.resolve("triage.mv").toString();
        KeyedH2Backend keyed = new KeyedH2Backend(file);
        withCollection(keyed, tests -> {
            tests.createIndex(Indexes.ascending("rev"), new IndexOptions().unique(true).sparse(true));
            tests.insertMany(List.of(new Document("_id", "a").append("rev", "1"), new Document("_id", "b"),
                    new Document("_id", "c").append("rev", "2")));
        });
        keyed.close();

        KeyedH2Backend reopened = new KeyedH2Backend(file);
        withCollection(reopened, tests -> {
            assertThat(tests.find(Filters.eq("rev", "2")).first()).containsEntry("_id", "c");
            // documents without the field stay out of a sparse index: another one is no duplicate
            tests.insertOne(new Document("_id", "d"));
            assertThatThrownBy(() -> tests.insertOne(new Document("_id", "e").append("rev", "1")))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(tests.updateOne(Filters.eq("rev", "1"), Updates.set("rev", "3")).getModifiedCount()).isOne();
            tests.insertOne(new Document("_id", "e").append("rev", "1"));
            assertThat(tests.countDocuments()).isEqualTo(5);
        });
        reopened.close();
    }

    @Test
    void everyBsonTypeTriageStoresComesBackFromTheFileAsItWasWritten(@TempDir Path dir) {
        String file = dir.resolve("triage.mv").toString();
        Document written = new Document("_id", new ObjectId()).append("text", "ünïcödé ✓").append("int", 42)
                .append("long", 1L << 40).append("double", 0.25).append("yes", true).append("nothing", null)
                .append("at", new Date(1_700_000_000_123L)).append("bytes", new Binary(new byte[] {1, 2, 3}))
                .append("decimal", Decimal128.parse("1.10")).append("list", List.of(1, "two", List.of(3.0)))
                .append("nested", new Document("deeper", new Document("k", "v")).append("empty", new Document()))
                .append("uuid", new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]));
        KeyedH2Backend keyed = new KeyedH2Backend(file);
        withCollection(keyed, jobs -> jobs.insertOne(written));
        keyed.close();

        KeyedH2Backend reopened = new KeyedH2Backend(file);
        withCollection(reopened, jobs -> assertThat(jobs.find().first()).isEqualTo(written));
        reopened.close();
    }

    @Test
    void aDocumentBsonCannotHoldIsStoredInH2sOwnFormatAndReadBack() {
        var type = new BsonDocumentType();
        var plain = new de.bwaldvogel.mongo.bson.Document("_id", "a").append("n", 1);
        var odd = new de.bwaldvogel.mongo.bson.Document("_id", "b").append("where", URI.create("https://example.org/x"));
        WriteBuffer out = new WriteBuffer();
        type.write(out, plain);
        type.write(out, odd);
        ByteBuffer in = out.getBuffer().flip();

        assertThat(in.get(0)).isEqualTo(BsonDocumentType.BSON);
        assertThat(type.read(in)).isEqualTo(plain);
        assertThat(in.get(in.position())).isNotEqualTo(BsonDocumentType.BSON);
        assertThat(type.read(in)).isEqualTo(odd);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void uniqueKeysAnsweredFromMemoryFollowDeletesReinsertsAndChangedKeysAndSurviveARestart(@TempDir Path dir) {
        String file = dir.resolve("triage.mv").toString();
        KeyedH2Backend keyed = new KeyedH2Backend(file);
        withCollection(keyed, jobs -> {
            jobs.createIndex(Indexes.ascending("rev"), new IndexOptions().unique(true));
            jobs.insertOne(new Document("_id", "a").append("rev", "1"));
            assertThat(jobs.find(Filters.eq("_id", "a")).first()).isNotNull();
            jobs.deleteOne(Filters.eq("_id", "a"));
            assertThat(jobs.find(Filters.eq("_id", "a")).first()).isNull();
            jobs.insertOne(new Document("_id", "a").append("rev", "2"));
            assertThat(jobs.find(Filters.eq("_id", "a")).first()).containsEntry("rev", "2");

            assertThat(jobs.updateOne(Filters.eq("rev", "2"), Updates.set("rev", "3")).getModifiedCount()).isOne();
            assertThat(jobs.updateOne(Filters.eq("rev", "2"), Updates.set("rev", "4")).getModifiedCount()).isZero();
            assertThat(jobs.find(Filters.eq("rev", "3")).first()).containsEntry("_id", "a");
            assertThatThrownBy(() -> jobs.insertOne(new Document("_id", "b").append("rev", "3")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> jobs.insertOne(new Document("_id", "a").append("rev", "5")))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(jobs.countDocuments()).isOne();
        });
        keyed.close();

        KeyedH2Backend reopened = new KeyedH2Backend(file);
        withCollection(reopened, jobs -> {
            assertThat(jobs.find(Filters.eq("_id", "a")).first()).containsEntry("rev", "3");
            assertThat(jobs.find(Filters.eq("rev", "3")).first()).containsEntry("_id", "a");
            assertThat(jobs.find(Filters.eq("rev", "2")).first()).isNull();
        });
        reopened.close();
    }

    private static void withCollection(MongoBackend backend, java.util.function.Consumer<MongoCollection<Document>> use) {
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            use.accept(client.getDatabase("db").getCollection("jobs"));
        } finally {
            server.shutdownNow();
        }
    }
}
