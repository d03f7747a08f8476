package dev.triage.analysis.ingest;

import dev.triage.analysis.ingest.internal.Normaliser;
import dev.triage.analysis.ingest.internal.StackFrames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Computes {@link ErrorSignature}s. Stateless and thread-safe. */
public final class Signatures {

    /** Frames of the code under test that go into the signature. */
    public static final int TOP_FRAMES = 3;
    /** Characters of the normalised message that go into the signature. */
    public static final int MESSAGE_CHARS = 400;

    private static final Pattern TYPE_LINE = Pattern.compile(
            "^(?:Exception in thread \"[^\"]*\" )?([A-Za-z_$][\\w$]*(?:[.:]{1,2}[A-Za-z_$][\\w$]*)*(?:Error|Exception|Failure|Throwable|Panic"
                    + "|Fault|Violation))\\b(?::|$|\\s)");
    private static final Pattern CAUSED_BY = Pattern.compile("^\\s*Caused by: ([\\w$.]+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][\\w$]*(?:[.:]{1,2}[A-Za-z_$][\\w$]*)*");
    /**
     * Messages that say only that the test failed: go-junit-report and gotestsum put {@code Failed} on every failure and
     * the detail in the body, so such a message would make unrelated failures share one signature.
     */
    private static final Pattern GENERIC_MESSAGE = Pattern.compile("(?i)\\s*(?:test )?(?:failed|failure|fail|error)[.!]?\\s*");
    /** Lines of the Go test runner's own (=== RUN, --- FAIL: ..., FAIL pkg 0.01s), which say nothing of the cause. */
    private static final Pattern GO_RUNNER_LINE = Pattern.compile(
            "^(?:=== (?:RUN|PAUSE|CONT|NAME)\\b.*|--- (?:FAIL|PASS|SKIP):.*|FAIL(?:\\s.*)?|ok\\s.*|PASS)$");

    private Signatures() {
    }

    /**
     * The signature of a test's failure (of its first failed attempt for a FLAKY test).
     *
     * @throws IllegalArgumentException when the test has no failure details
     */
    public static ErrorSignature of(TestResult test) {
        FailureDetail failure = test.failure();
        if (failure == null) {
            throw new IllegalArgumentException("Test " + test.testId() + " is " + test.outcome() + " and has no failure to sign");
        }
        return of(failure);
    }

    public static ErrorSignature of(FailureDetail failure) {
        return of(failure.message(), failure.type(), failure.stackTrace());
    }

    public static ErrorSignature of(@Nullable String message, @Nullable String type, @Nullable String stackTrace) {
        String trace = stackTrace == null ? "" : stackTrace;
        String exceptionType = exceptionType(type, trace);
        String rootCause = rootCause(trace);
        String rawMessage = message == null ? "" : message;
        if (rawMessage.isBlank() || GENERIC_MESSAGE.matcher(rawMessage).matches()) {
            // no message, or one that only says the test failed: the body's first line says more, when it has one
            String body = firstLineMessage(trace, exceptionType);
            rawMessage = body.isEmpty() && !rawMessage.isBlank() ? rawMessage : body;
        }
        String normalised = Normaliser.message(rawMessage);
        if (normalised.length() > MESSAGE_CHARS) {
            normalised = normalised.substring(0, MESSAGE_CHARS);
        }
        List<String> frames = StackFrames.top(trace, TOP_FRAMES);
        String material = "v1\n" + (exceptionType == null ? "" : exceptionType) + "\n" + (rootCause == null ? "" : rootCause) + "\n"
                + normalised + "\n" + String.join("\n", frames);
        return new ErrorSignature(sha256(material), legacy(message, trace), exceptionType, rootCause, normalised, frames);
    }

    /** The rootcoz signature: sha256 of the raw message and the first five stack lines, joined by "|"; a null message is "". */
    public static String legacy(@Nullable String message, @Nullable String stackTrace) {
        List<String> lines = (stackTrace == null ? "" : stackTrace).lines().limit(5).toList();
        return sha256((message == null ? "" : message) + "|" + String.join("|", lines));
    }

    private static @Nullable String exceptionType(@Nullable String type, String trace) {
        if (type != null && !type.isBlank()) {
            String t = type.strip();
            Matcher id = IDENTIFIER.matcher(t);
            return id.matches() ? t : Normaliser.message(t);
        }
        for (String line : (Iterable<String>) trace.lines().limit(50)::iterator) {
            Matcher m = TYPE_LINE.matcher(line.strip());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static @Nullable String rootCause(String trace) {
        String cause = null;
        if (trace.contains("Caused by:")) {
            for (String line : (Iterable<String>) trace.lines()::iterator) {
                Matcher m = CAUSED_BY.matcher(line);
                if (m.find()) {
                    cause = m.group(1);
                }
            }
        }
        return cause;
    }

    /** Without a message attribute, the first non-frame line of the trace, minus a leading "Type: ". */
    private static String firstLineMessage(String trace, @Nullable String exceptionType) {
        for (String line : (Iterable<String>) trace.lines().limit(50)::iterator) {
            String text = line.strip();
            if (text.isEmpty() || GO_RUNNER_LINE.matcher(text).matches() || StackFrames.parse(text).size() == 1) {
                continue;
            }
            if (exceptionType != null && text.startsWith(exceptionType)) {
                text = text.substring(exceptionType.length());
                text = text.startsWith(":") ? text.substring(1).strip() : text.strip();
            }
            return text;
        }
        return "";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
