package dev.triage.analysis.learning;

import java.time.Instant;
import java.util.Set;

/**
 * A verdict a person gave a signature.
 *
 * @param signature the failure group's signature
 * @param category  {@code CODE ISSUE}, {@code PRODUCT BUG} or {@code INFRASTRUCTURE}
 * @param actor     who decided
 * @param decidedAt when (the override event's time); a newer decision replaces an older one
 * @param jobId     the job it was given in
 * @param bucket    the exception's simple name, lower case ("-" when unknown): only verdicts of the same bucket are
 *                  compared for similarity
 * @param tokens    the similarity material; empty when the failure's text was not known
 */
record LearnedVerdict(String signature, String category, String actor, Instant decidedAt, String jobId, String bucket,
        Set<String> tokens) {

    LearnedVerdict {
        tokens = Set.copyOf(tokens);
    }
}
