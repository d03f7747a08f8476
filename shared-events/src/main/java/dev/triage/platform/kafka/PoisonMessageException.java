package dev.triage.platform.kafka;

/**
 * A record that can never be processed, however often it is retried (it breaks the contract, names a missing payload,
 * ...). The error handler sends it to the dead-letter topic at once, without retries.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
