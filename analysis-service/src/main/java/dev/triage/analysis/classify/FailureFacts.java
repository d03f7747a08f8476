package dev.triage.analysis.classify;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The parts of one failure the rules look at, computed once per failure group.
 *
 * @param exception the exception type and the types of its causes, one per line; empty when unknown
 * @param message   the failure message
 * @param stack     the top of the stack trace
 * @param console   the end of the console output
 * @param test      the test id
 * @param text      all of the above, for rules that do not care where a symptom appears
 * @param location  where the failure was thrown
 * @param assertion true when a test expectation failed, false for any other error
 */
record FailureFacts(String exception, String message, String stack, String console, String test, String text,
        StackLocations.Location location, boolean assertion, Lower lower) {

    /** The same fields in lower case, for the literal pre-checks of {@link FastPattern}. */
    record Lower(String exception, String message, String stack, String console, String test, String text) {
        static Lower of(String exception, String message, String stack, String console, String test) {
            String e = exception.toLowerCase(Locale.ROOT);
            String m = message.toLowerCase(Locale.ROOT);
            String s = stack.toLowerCase(Locale.ROOT);
            String c = console.toLowerCase(Locale.ROOT);
            String t = test.toLowerCase(Locale.ROOT);
            return new Lower(e, m, s, c, t, e + "\n" + m + "\n" + s + "\n" + c + "\n" + t);
        }
    }

    /** How much of the stack the rules read: the top frames carry the cause, the rest is noise. */
    static final int STACK_CHARS = 4_000;
    /** How much of the console the rules read: its end, where a crash or a lost agent shows. */
    static final int CONSOLE_CHARS = 8_000;
    static final int MESSAGE_CHARS = 4_000;

    private static final Pattern TYPE_LINE = Pattern.compile("^(?:E\\s+|Caused by:\\s*|Exception in thread \"[^\"]*\"\\s+)?"
            + "((?:[A-Za-z_$][\\w$]*(?:\\.|::|\\\\))*[A-Za-z_$][\\w$]*(?:Error|Exception|Failure|Panic|Fault|Violation))(?::|\\s*$|\\s)");
    private static final FastPattern ASSERTION = FastPattern.compile("AssertionError|AssertionFailedError|ComparisonFailure|AssertException"
            + "|AssertFailedException|ExpectationFailedException|ExpectationNotMetError|PhptAssertionFailedError|MultipleFailuresError"
            + "|Assert\\.\\w+\\(\\) Failure|XCTAssert|Expectation failed|^\\s*(?:E\\s+)?assert\\b|\\bassert .{1,80}(?:==|!=| is | in |<|>)"
            + "|expected:? ?[<\\[]|Expected:? |expected .{1,120}(?: to |but|got|==| found )|to (?:equal|be|have|contain|match|include)\\b"
            + "|should (?:be|equal|have|contain|match)|Failed asserting|is not equal to|assertion .{0,60}failed|Assertion failed"
            + "|left == right|Value of:|Expected equality|Which is:|\\bActual:|but was|but got|(?-i:REQUIRE|CHECK|EXPECT_|ASSERT_)"
            + "|check_eq|\\bnot ok\\b|\\bexpect\\(|toMatchSnapshot|\\b\\S+ != \\S+", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final Pattern EXCEPTION_TYPE = Pattern.compile("(?:Error|Exception|Panic|Fault|Failure)$");
    private static final Pattern ASSERTION_TYPE = Pattern.compile("Assert|Expectation|ComparisonFailure|MultipleFailures"
            + "|TestingLibraryElementError|PhptAssertion");
    private static final Pattern ERROR_WORD = Pattern.compile("(?:Error|Exception|Panic|panic:|Fault|Traceback|uncaught|Segmentation)");

    static FailureFacts of(FailureEvidence evidence) {
        String message = head(evidence.message(), MESSAGE_CHARS);
        String stack = head(evidence.stackTrace(), STACK_CHARS);
        String console = evidence.console().length() > CONSOLE_CHARS
                ? evidence.console().substring(evidence.console().length() - CONSOLE_CHARS) : evidence.console();
        String type = evidence.exceptionType() != null && !evidence.exceptionType().isBlank() ? evidence.exceptionType().strip()
                : typeIn(stack, message);
        StringBuilder exception = new StringBuilder(type == null ? "" : type);
        for (String line : (Iterable<String>) stack.lines()::iterator) {
            String s = line.strip();
            if (s.startsWith("Caused by:")) {
                Matcher m = TYPE_LINE.matcher(s);
                if (m.find()) {
                    exception.append('\n').append(m.group(1));
                }
            }
        }
        String head = (type == null ? "" : type) + "\n" + message + "\n" + head(stack, 600);
        boolean assertion;
        if (type != null && EXCEPTION_TYPE.matcher(type).find()) {
            // a real exception type decides by itself: an AssertionError is an assertion, a KeyError raised under an
            // assert statement is not
            assertion = ASSERTION_TYPE.matcher(type).find();
        } else {
            assertion = ASSERTION.find(head, head.toLowerCase(Locale.ROOT)) != null || !ERROR_WORD.matcher(head).find();
        }
        String text = exception + "\n" + message + "\n" + stack + "\n" + console + "\n" + evidence.testId();
        return new FailureFacts(exception.toString(), message, stack, console, evidence.testId(), text,
                StackLocations.of(stack, message), assertion,
                Lower.of(exception.toString(), message, stack, console, evidence.testId()));
    }

    /** The simple name of the exception type, or "failure" when unknown. */
    String exceptionName() {
        String first = exception.lines().findFirst().orElse("").strip();
        if (first.isEmpty()) {
            return "failure";
        }
        int cut = Math.max(first.lastIndexOf('.'), Math.max(first.lastIndexOf(':'), first.lastIndexOf('\\')));
        return first.substring(cut + 1);
    }

    private static @Nullable String typeIn(String stack, String message) {
        for (String text : new String[] {stack, message}) {
            int lines = 0;
            for (String line : (Iterable<String>) text.lines()::iterator) {
                if (++lines > 40) {
                    break;
                }
                Matcher m = TYPE_LINE.matcher(line.strip());
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static String head(String text, int chars) {
        return text.length() > chars ? text.substring(0, chars) : text;
    }
}
