package dev.triage.platform.mongo;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code triage_store_documents{collection}}: the size of each collection this service owns, refreshed in the
 * background so a scrape never touches the store. Warns once when a collection passes the size the embedded store
 * handles comfortably (INFRA.md §10): such an installation should move to real MongoDB.
 */
public class StoreMetrics {

    /** About where scans on the embedded store turn from milliseconds to seconds. */
    static final long COMFORTABLE_DOCUMENTS = 100_000;

    private static final Logger log = LoggerFactory.getLogger(StoreMetrics.class);

    private final MongoDatabaseFactory databases;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    public StoreMetrics(MongoDatabaseFactory databases, MeterRegistry registry) {
        this.databases = databases;
        this.registry = registry;
    }

    @Scheduled(fixedDelayString = "${triage.store.metrics-interval:30s}", initialDelayString = "5s")
    void refresh() {
        try {
            var database = databases.getMongoDatabase();
            for (String name : database.listCollectionNames()) {
                long count = database.getCollection(name).estimatedDocumentCount();
                AtomicLong previous = sizes.computeIfAbsent(name, this::gauge);
                if (count > COMFORTABLE_DOCUMENTS && previous.get() <= COMFORTABLE_DOCUMENTS) {
                    log.warn("Collection {} holds {} documents; beyond about {} the embedded store slows down: "
                            + "run real MongoDB (deploy/compose)", name, count, COMFORTABLE_DOCUMENTS);
                }
                previous.set(count);
            }
        } catch (RuntimeException e) {
            log.debug("Store metrics not refreshed: {}", e.toString());
        }
    }

    private AtomicLong gauge(String collection) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("triage.store.documents", value, AtomicLong::get).description("Documents per collection")
                .tag("collection", collection).register(registry);
        return value;
    }
}
