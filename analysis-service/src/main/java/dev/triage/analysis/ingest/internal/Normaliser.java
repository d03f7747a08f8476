package dev.triage.analysis.ingest.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the parts of a failure message that change from run to run and machine to machine into fixed placeholders,
 * so the same root cause reads the same everywhere. Rules apply in the order listed in docs/ingest.md ("Signatures").
 */
public final class Normaliser {

    /** Source-file extensions whose {@code :line[:column]} suffix is a line number, not a port. */
    private static final String SOURCE = "java|kt|kts|scala|groovy|py|js|mjs|cjs|jsx|ts|tsx|go|rs|rb|cs|fs|vb|c|cc|cpp|cxx|h|hpp|m|mm"
            + "|swift|php|dart|ex|exs|erl|clj|lua|pl|pm|sh|feature|robot";

    /** A rule and whether it can only match text that contains a digit (most can): a cheap test skips it otherwise. */
    private record Rule(Pattern pattern, String replacement, boolean needsDigit) {
    }

    private static final List<Rule> RULES = List.of(
            // timestamps: ISO 8601 / RFC 3339 date-times, then bare dates and clock times
            rule("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2}|\\b)", "<ts>"),
            rule("\\b\\d{4}[-/]\\d{2}[-/]\\d{2}\\b", "<ts>"),
            rule("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b", "<ts>"),
            // UUIDs
            rule("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b", "<uuid>"),
            // temp paths (POSIX, macOS, Windows) up to the next separator
            rule("(?:/private)?/var/folders/[^\\s'\"),;\\]]*|/(?:tmp|var/tmp|dev/shm)/[^\\s'\"),;\\]]*|(?i:[a-z]:\\\\[^\\s'\"]*?\\\\"
                    + "(?:temp|tmp)\\\\)[^\\s'\"),;\\]]*", "<tmp>"),
            // line (and column) numbers after a source file name
            rule("\\.(" + SOURCE + "):\\d+(?::\\d+)?\\b", ".$1"),
            rule("(?i)\\b(line) \\d+\\b", "$1 <n>"),
            // ports after a host, and "port N"
            rule("(?i)\\b(localhost|(?:\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-f:]+\\]|[a-z][\\w-]*(?:\\.[\\w-]+)+):\\d{2,5}\\b", "$1:<port>"),
            rule("(?i)\\b(port)\\s*[:=]?\\s*\\d{2,5}\\b", "$1 <port>"),
            // IPv4 addresses
            rule("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b", "<ip>"),
            // Kubernetes pod names: <deployment>-<replicaset hash>-<5 chars> (before the hex rules eat the hash)
            rule("\\b([a-z][a-z0-9-]*?)-[a-z0-9]{6,10}-[a-z0-9]{5}\\b", "$1-<pod>"),
            // hex: 0x addresses, identity hashes (Object@1b6d3586), long hex ids (commits, container ids)
            rule("(?i)\\b0x[0-9a-f]+\\b", "<hex>"),
            rule("(?i)@[0-9a-f]{4,}\\b", "@<hex>"),
            rule("(?i)\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\\b", "<hex>"),
            // build numbers: #123, build 123, build-123, job/123
            rule("(?i)(#|\\bbuild[ -_]?|\\bjob[/ -_]?|\\brun[ -_]?)\\d+\\b", "$1<n>"),
            // durations: 1500 ms, 2.5s, 30 seconds
            rule("(?i)\\b\\d+(?:\\.\\d+)?\\s?(?:ns|us|µs|ms|millis|milliseconds|s|sec|secs|seconds|m|min|mins|minutes|h|hours)\\b", "<dur>"),
            // numbers inside identifiers: Thread-12, worker7, lambda$run$0, junit12345, host-3.example
            rule("(?<=[A-Za-z_$])\\d+|\\d+(?=[A-Za-z_$])|(?<=[A-Za-z]-)\\d+\\b", "<n>"),
            // long bare numbers (epoch millis, ids): 7 or more digits
            rule("\\b\\d{7,}\\b", "<n>"),
            rule("\\s+", " "));

    private static Rule rule(String regex, String replacement) {
        boolean needsDigit = !(regex.startsWith("\\s") || regex.contains("var/folders") || replacement.contains("<pod>"));
        return new Rule(Pattern.compile(regex), replacement, needsDigit);
    }

    private Normaliser() {
    }

    /**
     * Normal forms of recent messages. The same tests tend to fail the same way job after job, and the twenty rules
     * cost tens of microseconds per message (a tenth of a worker's CPU per job in the benchmark); a hit costs a hash.
     * Bounded in entries and in the length of what is kept, and emptied when full.
     */
    private static final Map<String, String> RECENT = new ConcurrentHashMap<>();
    static final int RECENT_ENTRIES = 4096;
    private static final int RECENT_CHARS = 1024;

    /** The message with every volatile part replaced, whitespace collapsed and trimmed. */
    public static String message(String message) {
        if (message.length() > RECENT_CHARS) {
            return normalise(message);
        }
        String known = RECENT.get(message);
        if (known != null) {
            return known;
        }
        String normal = normalise(message);
        if (RECENT.size() >= RECENT_ENTRIES) {
            RECENT.clear();
        }
        RECENT.put(message, normal);
        return normal;
    }

    private static String normalise(String message) {
        String text = message;
        boolean digits = hasDigit(text);
        for (Rule rule : RULES) {
            if (rule.needsDigit() && !digits) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            if (m.find()) {
                text = m.replaceAll(rule.replacement());
            }
        }
        return text.strip();
    }

    private static boolean hasDigit(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }
}
