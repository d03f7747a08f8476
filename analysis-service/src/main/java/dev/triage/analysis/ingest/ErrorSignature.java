package dev.triage.analysis.ingest;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Identity of a failure's root cause, the same across runs and machines (rules in docs/ingest.md, "Signatures").
 *
 * @param hash our signature: lowercase hex SHA-256 of the exception type, root cause type, normalised message and top frames
 * @param legacyHash the rootcoz signature kept for compatibility: lowercase hex SHA-256 of
 *     {@code message + "|" + first five stack lines joined by "|"} (raw, not normalised)
 * @param exceptionType the exception type, from the report's type attribute or the trace's first line; null when unknown
 * @param rootCauseType the innermost "Caused by:" type of a JVM trace, null when there is none
 * @param normalisedMessage the message with timestamps, ids, paths, ports and numbers-in-names replaced by placeholders
 * @param topFrames up to three frames of the code under test (framework frames skipped), without line numbers
 */
public record ErrorSignature(String hash, String legacyHash, @Nullable String exceptionType, @Nullable String rootCauseType,
        String normalisedMessage, List<String> topFrames) {

    public ErrorSignature {
        topFrames = List.copyOf(topFrames);
    }
}
