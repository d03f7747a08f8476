package dev.triage.deploy.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.triage.platform.mongo.embedded.KeyedH2Backend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-compatible store on an H2 file, with the keyed backend (ADR 0007) and without an oplog: no service
 * uses change streams, and mongo-java-server keeps a full copy of every write in its oplog forever. Fine for a
 * laptop-sized history (about 100k documents per collection); larger installations run real MongoDB (deploy/compose).
 */
final class EmbeddedStore implements AutoCloseable {

    private final MongoServer server;
    private final H2Backend backend;

    private EmbeddedStore(MongoServer server, H2Backend backend) {
        this.server = server;
        this.backend = backend;
    }

    static EmbeddedStore start(Path dir, int port) throws Exception {
        Files.createDirectories(dir);
        H2Backend backend = new KeyedH2Backend(dir.resolve("triage.mv").toString());
        MongoServer server = new MongoServer(backend);
        server.bind("localhost", port);
        return new EmbeddedStore(server, backend);
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
