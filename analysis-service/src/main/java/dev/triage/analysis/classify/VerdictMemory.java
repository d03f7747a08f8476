package dev.triage.analysis.classify;

import java.util.Collection;
import java.util.Optional;

/** Verdicts people confirmed, consulted before the rules. Implemented by the learning feature. */
public interface VerdictMemory {

    /** The verdict people gave this signature, or a near-identical one; empty when there is none. */
    Optional<Classification> recall(String signature, FailureEvidence evidence);

    /** Remembers what a signature looked like, so that a later override of it can be matched to similar ones. */
    void observe(String signature, FailureEvidence evidence);

    /**
     * This memory with what {@link #recall} reads for each of {@code signatures} read at once, for a job's groups:
     * one round trip instead of one per group.
     */
    default VerdictMemory readAhead(Collection<String> signatures) {
        return this;
    }
}
