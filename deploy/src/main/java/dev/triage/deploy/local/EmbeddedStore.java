package dev.triage.deploy.local;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.triage.platform.mongo.embedded.KeyedH2Backend;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB-compatible store on an H2 file, with the oplog on so change streams work. Fine for a laptop-sized
 * history (about 100k documents per collection); larger installations run real MongoDB (deploy/compose).
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
        server.enableOplog();
        server.bind("localhost", port);
        return new EmbeddedStore(server, backend);
    }

    @Override
    public void close() {
        server.shutdown();
        backend.close();
    }
}
