package dev.triage.analysis.classify;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule-based classifier: the first rule whose pattern matches the failure's type, message or top of the stack
 * decides. Rules go from the most specific (infrastructure symptoms) to the most general (assertions), so that a
 * timeout inside an assertion message still counts as infrastructure.
 */
public class RuleClassifier {

    /** How much of the stack the rules read: the top frames carry the cause, the rest is noise. */
    static final int STACK_CHARS = 4_000;

    private record Rule(String name, String category, double confidence, Pattern pattern, String reason) {
        Optional<Classification> apply(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return Optional.empty();
            }
            return Optional.of(new Classification(category, confidence, name, reason + " (matched \"" + excerpt(m.group()) + "\")"));
        }
    }

    private static final List<Rule> RULES = List.of(
            infra("out-of-memory", "OutOfMemoryError|OOMKilled|Cannot allocate memory|exit code 137",
                    "The process ran out of memory"),
            infra("disk-full", "No space left on device|disk (quota|full)|ENOSPC", "The machine ran out of disk space"),
            infra("dns", "UnknownHostException|Name or service not known|nodename nor servname|Temporary failure in name resolution"
                    + "|getaddrinfo|NXDOMAIN", "A host name could not be resolved"),
            infra("connection", "Connection refused|Connection reset|ECONNREFUSED|ECONNRESET|ConnectException|Broken pipe"
                    + "|No route to host|Network is unreachable|EHOSTUNREACH", "A network connection failed"),
            infra("tls", "SSLHandshakeException|certificate verify failed|PKIX path building failed|CERTIFICATE_VERIFY_FAILED",
                    "A TLS handshake or certificate check failed"),
            infra("timeout", "SocketTimeoutException|ReadTimeout|ConnectTimeout|timed out|TimeoutException|deadline exceeded"
                    + "|ETIMEDOUT|Timeout of \\d+ms exceeded", "An operation timed out"),
            infra("throttled", "\\b429\\b|Too Many Requests|rate limit(ed)?|\\b503\\b|Service Unavailable|quota exceeded",
                    "A dependency refused or throttled the call"),
            infra("agent-lost", "agent (went )?offline|ChannelClosedException|Agent .* was marked offline|RemotingSystemException"
                    + "|node .* (lost|disconnected)", "The CI agent was lost"),
            infra("image-pull", "ImagePullBackOff|ErrImagePull|manifest unknown|pull access denied", "A container image could not be pulled"),
            infra("checkout", "fatal: (could not read|unable to access|repository .* not found)|Couldn't find any revision"
                    + "|Failed to fetch", "The source checkout failed"),
            product("server-error", "\\b50[0-4]\\b.*(Internal Server Error|Bad Gateway|status)|expected:? ?<?2\\d\\d>? but was:? ?<?5\\d\\d"
                    + "|expected 2\\d\\d,? got 5\\d\\d|status code 5\\d\\d", "The product answered with a server error"),
            code("setup", "(ImportError|ModuleNotFoundError|NoClassDefFoundError|ClassNotFoundException|NoSuchMethodError"
                    + "|SyntaxError|ReferenceError|compilation failed|cannot find symbol)", "The test code does not build or load"),
            code("test-bug", "(NameError|AttributeError|TypeError: .*(undefined|not a function|NoneType)|fixture '.*' not found)",
                    "The test code itself is wrong"));

    private static final Pattern ASSERTION = Pattern.compile(
            "AssertionError|AssertionFailedError|ComparisonFailure|assert |Expected|expected:|to (equal|be|have)|should",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PRODUCT_FRAME = Pattern.compile("^\\s*at (?!org\\.junit|junit\\.|org\\.testng|java\\.|jdk\\.|sun\\.)"
            + "[\\w.$]+\\.(?![\\w$]*Test[\\w$]*\\.)[\\w$<>]+\\(", Pattern.MULTILINE);

    /** Classifies one failure group from its representative failure. */
    public Classification classify(FailureEvidence evidence) {
        String stackTop = evidence.stackTrace().length() > STACK_CHARS
                ? evidence.stackTrace().substring(0, STACK_CHARS) : evidence.stackTrace();
        String text = (evidence.exceptionType() == null ? "" : evidence.exceptionType()) + "\n" + evidence.message() + "\n" + stackTop;
        for (Rule rule : RULES) {
            Optional<Classification> verdict = rule.apply(text);
            if (verdict.isPresent()) {
                return verdict.get();
            }
        }
        String head = (evidence.exceptionType() == null ? "" : evidence.exceptionType()) + " " + evidence.message();
        if (ASSERTION.matcher(head).find()) {
            return new Classification(Classification.CODE_ISSUE, 0.6, "assertion",
                    "A test expectation did not hold; check the test or the change it covers");
        }
        Matcher frame = PRODUCT_FRAME.matcher(stackTop);
        if (evidence.exceptionType() != null && frame.find()) {
            return new Classification(Classification.PRODUCT_BUG, 0.55, "unexpected-exception-in-product",
                    "An unexpected " + simpleName(evidence.exceptionType()) + " was thrown from product code ("
                            + excerpt(frame.group().trim()) + ")");
        }
        return new Classification(Classification.CODE_ISSUE, 0.3, "default",
                "No rule recognised this failure; treated as a code issue until someone reviews it");
    }

    private static Rule infra(String name, String regex, String reason) {
        return new Rule(name, Classification.INFRASTRUCTURE, 0.85, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), reason);
    }

    private static Rule product(String name, String regex, String reason) {
        return new Rule(name, Classification.PRODUCT_BUG, 0.7, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), reason);
    }

    private static Rule code(String name, String regex, String reason) {
        return new Rule(name, Classification.CODE_ISSUE, 0.75, Pattern.compile(regex), reason);
    }

    private static String simpleName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
