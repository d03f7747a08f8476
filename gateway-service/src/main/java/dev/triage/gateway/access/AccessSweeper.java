package dev.triage.gateway.access;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes expired sessions, long-dead tokens and finished rate-limit windows (the embedded store has no TTL index). */
@Component
class AccessSweeper {

    /** Expired or revoked tokens stay listed this long, so their owners see what happened. */
    static final Duration KEEP_DEAD_TOKENS = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(AccessSweeper.class);

    private final AccessStore store;
    private final RateLimiter rateLimiter;

    AccessSweeper(AccessStore store, RateLimiter rateLimiter) {
        this.store = store;
        this.rateLimiter = rateLimiter;
    }

    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "PT60S")
    void sweep() {
        try {
            Instant now = Instant.now();
            long removed = store.sweep(now, now.minus(KEEP_DEAD_TOKENS)) + rateLimiter.sweep();
            if (removed > 0) {
                log.debug("Removed {} expired sessions, tokens and rate-limit windows", removed);
            }
        } catch (RuntimeException e) {
            log.warn("Access sweep failed, will retry: {}", e.getMessage());
        }
    }
}
