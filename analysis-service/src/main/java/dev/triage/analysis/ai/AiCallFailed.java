package dev.triage.analysis.ai;

/**
 * An AI call that gave no answer. The message is safe to show to people: it never carries the prompt, the answer or a
 * credential.
 */
class AiCallFailed extends RuntimeException {

    private final String outcome;
    private final boolean transientFailure;

    /**
     * @param outcome          the metric tag: {@code timeout}, {@code exit_error}, {@code http_error},
     *                         {@code unreachable}, {@code circuit_open}, {@code no_slot}, {@code error}
     * @param transientFailure whether trying again soon may succeed (only these are retried)
     */
    AiCallFailed(String outcome, String message, boolean transientFailure) {
        super(message, null, false, false);
        this.outcome = outcome;
        this.transientFailure = transientFailure;
    }

    String outcome() {
        return outcome;
    }

    boolean isTransient() {
        return transientFailure;
    }
}
