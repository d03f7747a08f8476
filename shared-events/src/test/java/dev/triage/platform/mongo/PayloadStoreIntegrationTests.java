package dev.triage.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBuckets;
import dev.triage.events.analysis.PayloadRef;
import dev.triage.testsupport.EmbeddedMongo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PayloadStoreIntegrationTests {

    private MongoClient client;
    private MongoDatabase database;
    private PayloadStore store;

    @BeforeEach
    void open() {
        client = MongoClients.create(EmbeddedMongo.connectionString());
        String name = "payloads-" + UUID.randomUUID();
        database = client.getDatabase(name);
        store = new PayloadStore(client, name, "payloads");
    }

    @AfterEach
    void close() {
        database.drop();
        client.close();
    }

    @Test
    void aPayloadOfManyPartsReadsBackByteForByteWithItsLengthAndDigest() throws Exception {
        byte[] bytes = new byte[1_300_000];
        new Random(7).nextBytes(bytes);

        PayloadRef ref = store.store("application/xml", Long.MAX_VALUE, out -> {
            for (int i = 0; i < bytes.length; i += 10_000) {
                out.write(bytes, i, Math.min(10_000, bytes.length - i));
            }
        });

        assertThat(ref.sizeBytes()).isEqualTo(bytes.length);
        assertThat(ref.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(database.getCollection("payloads.parts").countDocuments()).isEqualTo(5);
        try (InputStream in = store.open(ref.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aPayloadSmallerThanOnePartLivesInItsRecordAlone() throws Exception {
        byte[] bytes = "{\"failures\":[]}".repeat(1_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        PayloadRef ref = store.store("application/json", bytes);

        assertThat(database.getCollection("payloads.parts").countDocuments()).as("no part written").isZero();
        assertThat(ref.sizeBytes()).isEqualTo(bytes.length);
        try (InputStream in = store.open(ref.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        store.delete(ref.id());
        assertThat(store.open(ref.id())).isEmpty();
        assertThat(database.getCollection("payloads.blobs").countDocuments()).isZero();
    }

    @Test
    void anEmptyPayloadExistsAndReadsAsNothing() throws Exception {
        PayloadRef ref = store.store("application/json", new byte[0]);

        try (InputStream in = store.open(ref.id()).orElseThrow()) {
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aPayloadOverItsLimitIsRefusedAndLeavesNoPartsBehind() {
        assertThatThrownBy(() -> store.store("application/xml", 600_000, out -> out.write(new byte[700_000])))
                .isInstanceOf(PayloadStore.PayloadTooLargeException.class);

        assertThat(database.getCollection("payloads.parts").countDocuments()).isZero();
        assertThat(database.getCollection("payloads.blobs").countDocuments()).isZero();
    }

    @Test
    void aDeletedPayloadIsGoneWithItsPartsAndDeletingAgainOrAnUnknownIdIsHarmless() throws Exception {
        PayloadRef kept = store.store("text/plain", new byte[300_000]);
        PayloadRef deleted = store.store("text/plain", new byte[300_000]);

        store.delete(deleted.id());
        store.delete(deleted.id());
        store.delete("not-an-id");

        assertThat(store.open(deleted.id())).isEmpty();
        assertThat(store.open("not-an-id")).isEmpty();
        assertThat(database.getCollection("payloads.parts").countDocuments()).isEqualTo(2);
        try (InputStream in = store.open(kept.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).hasSize(300_000);
        }
    }

    @Test
    void aPayloadWrittenToGridFsByAnEarlierVersionIsStillReadAndDeleted() throws IOException {
        var bucket = GridFSBuckets.create(database, "payloads");
        var id = bucket.uploadFromStream("payload", new ByteArrayInputStream("<testsuite/>".getBytes()));

        try (InputStream in = store.open(id.toHexString()).orElseThrow()) {
            assertThat(new String(in.readAllBytes())).isEqualTo("<testsuite/>");
        }
        store.delete(id.toHexString());
        assertThat(store.open(id.toHexString())).isEmpty();
    }

    @Test
    void aPayloadWithAMissingPartFailsToReadInsteadOfReturningShortContent() throws Exception {
        PayloadRef ref = store.store("text/plain", new byte[600_000]);
        database.getCollection("payloads.parts").deleteOne(new Document("_id", ref.id() + ":1"));

        try (InputStream in = store.open(ref.id()).orElseThrow()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("part 1");
        }
    }
}
