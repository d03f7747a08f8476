package dev.triage.analysis.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Gives each failure its signatures. */
@Component
class FailureSigner {

    /** Message excerpts in history events are cut to this length. */
    static final int EXCERPT = 300;

    FailureItem sign(String testId, String testName, String outcome, long durationMs, @Nullable String exceptionType,
            String message, String stackTrace) {
        return new FailureItem(testId, testName, outcome, durationMs, exceptionType, message, stackTrace,
                normalised(exceptionType, message, stackTrace), legacy(message, stackTrace));
    }

    /** The rootcoz signature: sha256 of the message and the first five stack lines, joined by "|". */
    static String legacy(String message, String stackTrace) {
        List<String> lines = stackTrace.lines().limit(5).toList();
        return sha256(message + "|" + String.join("|", lines));
    }

    static String normalised(@Nullable String exceptionType, String message, String stackTrace) {
        String normal = (exceptionType == null ? "" : exceptionType) + "|"
                + message.replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", "<uuid>")
                        .replaceAll("0x[0-9a-fA-F]+", "<hex>").replaceAll("\\d+", "<n>")
                + "|" + String.join("|", stackTrace.lines().filter(l -> l.strip().startsWith("at ")).limit(5)
                        .map(l -> l.replaceAll(":\\d+\\)", ")")).toList());
        return sha256(normal);
    }

    static String excerpt(String message) {
        return message.length() <= EXCERPT ? message : message.substring(0, EXCERPT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
