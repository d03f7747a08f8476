package dev.triage.analysis.learning;

import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.ingest.ErrorSignature;
import dev.triage.analysis.ingest.Signatures;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What similarity looks at: the words of the normalised message, the top frames of the code under test and the
 * exception type; and the bucket (the exception's simple name) that limits which learned verdicts are compared.
 */
final class Tokens {

    /** Tokens kept per failure: enough for a message and three frames, small enough to compare thousands quickly. */
    static final int MAX = 64;

    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}_$]+");
    /** Lines of the failure's body (other than frames) that add words. */
    static final int BODY_LINES = 4;
    private static final Pattern FRAME = Pattern.compile("^(?:at |File \"|\\S+\\.\\w+:\\d+:? in |#\\d+ |\\S+\\(.*\\)$|goroutine )");
    private static final Set<String> PLACEHOLDERS = Set.of("ts", "uuid", "tmp", "n", "hex", "ip", "port", "dur", "pod");

    private Tokens() {
    }

    /** The similarity material of one failure. */
    record Material(String bucket, Set<String> tokens) {
    }

    static Material of(FailureEvidence evidence) {
        ErrorSignature signature = Signatures.of(evidence.message(), evidence.exceptionType(), evidence.stackTrace());
        Set<String> tokens = new LinkedHashSet<>();
        String type = signature.exceptionType();
        if (type != null) {
            tokens.add("type:" + simpleName(type).toLowerCase(Locale.ROOT));
        }
        for (String frame : signature.topFrames()) {
            tokens.add("frame:" + frame.toLowerCase(Locale.ROOT));
        }
        words(signature.normalisedMessage(), tokens);
        // producers such as go-junit-report put a generic message ("Failed") on every failure and the detail in the
        // body: the first lines of the body that are not frames say what went wrong
        int lines = 0;
        for (String line : (Iterable<String>) evidence.stackTrace().lines()::iterator) {
            if (tokens.size() >= MAX || lines >= BODY_LINES) {
                break;
            }
            String text = line.strip();
            if (text.isEmpty() || FRAME.matcher(text).find()) {
                continue;
            }
            lines++;
            words(Signatures.of(text, null, "").normalisedMessage(), tokens);
        }
        return new Material(type == null ? "-" : simpleName(type).toLowerCase(Locale.ROOT), tokens);
    }

    /** Jaccard similarity: shared tokens over all tokens; 0 when both are empty. */
    static double similarity(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int shared = 0;
        for (String token : small) {
            if (large.contains(token)) {
                shared++;
            }
        }
        int union = a.size() + b.size() - shared;
        return union == 0 ? 0 : (double) shared / union;
    }

    private static void words(String text, Set<String> tokens) {
        for (String word : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
            if (tokens.size() >= MAX) {
                return;
            }
            if (word.length() >= 2 && !PLACEHOLDERS.contains(word)) {
                tokens.add(word);
            }
        }
    }

    private static String simpleName(String type) {
        int cut = Math.max(type.lastIndexOf('.'), Math.max(type.lastIndexOf(':'), type.lastIndexOf('\\')));
        return type.substring(cut + 1);
    }
}
