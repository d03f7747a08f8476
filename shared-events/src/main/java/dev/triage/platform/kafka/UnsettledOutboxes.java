package dev.triage.platform.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents whose outbox events this instance failed to publish, or to remove after publishing, so that they are
 * sent again by key. The alternative, a sweep that reads every document with an outbox, is a scan on the embedded
 * store whose cost grows with the stored data; with these retries the sweep is needed only for what a crash left, at
 * start-up and rarely after.
 *
 * @param <K> what finds a document again (an id, or a collection and an id)
 */
public final class UnsettledOutboxes<K> {

    private static final Logger log = LoggerFactory.getLogger(UnsettledOutboxes.class);

    private final Set<K> keys = ConcurrentHashMap.newKeySet();

    /** Remembers a document whose events could not be settled. */
    public void add(K key) {
        keys.add(key);
    }

    /**
     * Sends again, for each remembered document, the events that are past {@code grace} ({@code publish} is given only
     * those); a document with nothing left in flight is forgotten, and a new failure remembers it again.
     *
     * @param pendingOf the events still in a document's outbox (none when the document is gone)
     */
    public void retry(Function<K, List<PendingEvent>> pendingOf, BiConsumer<K, List<PendingEvent>> publish, Duration grace) {
        Instant now = Instant.now();
        for (K key : List.copyOf(keys)) {
            try {
                List<PendingEvent> pending = pendingOf.apply(key);
                List<PendingEvent> leftovers = pending.stream().filter(e -> e.isLeftover(now, grace)).toList();
                if (pending.size() == leftovers.size()) {
                    keys.remove(key);
                }
                if (!leftovers.isEmpty()) {
                    publish.accept(key, leftovers);
                }
            } catch (RuntimeException e) {
                log.warn("Outbox retry of {} failed, the next one tries again: {}", key, e.toString());
            }
        }
    }
}
