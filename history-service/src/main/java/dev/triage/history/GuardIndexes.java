package dev.triage.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes the projection's guarded writes filter on (see {@link Documents}) before the listeners start.
 * Creating an existing index is a no-op, so every start runs it. Without them the writes stay correct but scan.
 */
@Component
class GuardIndexes implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(GuardIndexes.class);

    private final MongoTemplate mongo;

    GuardIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            Documents.createGuardIndexes(mongo);
        } catch (RuntimeException e) {
            log.warn("Could not create the history write-guard indexes; writes stay correct but scan: {}", e.toString());
        }
    }
}
