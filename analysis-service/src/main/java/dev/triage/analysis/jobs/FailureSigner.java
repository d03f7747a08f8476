package dev.triage.analysis.jobs;

import dev.triage.analysis.ingest.ErrorSignature;
import dev.triage.analysis.ingest.Signatures;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Gives each failure of a failure list its signatures, by the same rules as failures read from reports. */
@Component
class FailureSigner {

    /** Message excerpts in history events are cut to this length. */
    static final int EXCERPT = 300;

    FailureItem sign(String testId, String testName, String outcome, long durationMs, @Nullable String exceptionType,
            String message, String stackTrace) {
        ErrorSignature signature = Signatures.of(message, exceptionType, stackTrace);
        return new FailureItem(testId, testName, outcome, durationMs,
                exceptionType != null ? exceptionType : signature.exceptionType(), message, stackTrace, signature.hash(),
                signature.legacyHash());
    }

    static String excerpt(String message) {
        return message.length() <= EXCERPT ? message : message.substring(0, EXCERPT);
    }
}
