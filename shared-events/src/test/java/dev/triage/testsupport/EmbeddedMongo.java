package dev.triage.testsupport;

import de.bwaldvogel.mongo.MongoServer;
import dev.triage.platform.mongo.embedded.KeyedMemoryBackend;

/**
 * One in-memory MongoDB-compatible server per test JVM, as the local run has it (keyed backend, no oplog). Spring
 * contexts are cached across test classes, so the server lives as long as the JVM; each context gets its own database.
 */
public final class EmbeddedMongo {

    private static MongoServer server;
    private static String connectionString;

    private EmbeddedMongo() {
    }

    /** {@code mongodb://127.0.0.1:<port>}, starting the server on first use. */
    public static synchronized String connectionString() {
        if (server == null) {
            server = new MongoServer(new KeyedMemoryBackend());
            connectionString = server.bindAndGetConnectionString();
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "embedded-mongo-shutdown"));
        }
        return connectionString;
    }
}
