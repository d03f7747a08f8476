package dev.triage.platform.mongo.embedded;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in benchmark, not a test: the cost of a guarded single-document update (the shape of every registry, claim and
 * read-model write) on an H2-file store holding {@code triage.bench.documents} documents, with mongo-java-server's own
 * backend as the baseline and the keyed backend, in the same run. Figures in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "triage.bench.documents", matches = "\\d+")
class KeyedStoreBenchmark {

    private static final int OPERATIONS = 300;

    @Test
    void guardedUpdatesOnAFullCollection(@TempDir Path dir) {
        int documents = Integer.getInteger("triage.bench.documents");
        measure("mongo-java-server H2Backend (baseline)", new H2Backend(dir.resolve("plain.mv").toString()), documents);
        measure("KeyedH2Backend", new KeyedH2Backend(dir.resolve("keyed.mv").toString()), documents);
    }

    private static void measure(String name, MongoBackend backend, int documents) {
        MongoServer server = new MongoServer(backend);
        try (var client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> jobs = client.getDatabase("bench").getCollection("jobs");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                batch.add(new Document("_id", "job-" + i).append("status", "running").append("order", 0)
                        .append("summary", "x".repeat(500)));
            }
            jobs.insertMany(batch);
            for (String round : List.of("warm-up", "measured")) {
                measureOperations(name + " [" + round + "]", jobs, documents);
            }
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static void measureOperations(String name, MongoCollection<Document> jobs, int documents) {
        time(name, "update by _id only", i -> jobs.updateOne(Filters.eq("_id", id(i, documents)), Updates.inc("order", 1)));
        time(name, "update by _id + status + order (Spring Criteria shape)", i -> jobs.updateOne(
                new Document("_id", id(i, documents)).append("status", "running").append("order", new Document("$lt", 100_000)),
                Updates.inc("order", 1)));
        time(name, "find by _id + status (driver $and shape)", i -> jobs.find(
                Filters.and(Filters.eq("_id", id(i, documents)), Filters.eq("status", "running"))).first());
    }

    private static String id(int i, int documents) {
        return "job-" + ((long) i * 7919 % documents);
    }

    private static void time(String backend, String operation, Consumer<Integer> op) {
        long start = System.nanoTime();
        for (int i = 0; i < OPERATIONS; i++) {
            op.accept(i);
        }
        System.out.printf("%s | %s | %.2f ms/op%n", backend, operation, (System.nanoTime() - start) / 1e6 / OPERATIONS);
    }
}
