package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.FailureDetail;
import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.TestOutcome;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.jspecify.annotations.Nullable;

/**
 * Readers for the non-JUnit formats read natively: NUnit 3, Robot Framework, xUnit.net v2 and MSTest TRX. Each maps its
 * producer's outcomes onto {@link TestOutcome} (table in docs/ingest.md) and shares the JUnit test-id rule.
 */
final class NativeReaders {

    private final Cursor cursor;
    private final IngestLimits limits;
    private final Collector collector;
    private final BoundedText message;
    private final BoundedText stack;
    private final BoundedText out;
    private final BoundedText err;

    NativeReaders(Cursor cursor, IngestLimits limits, Collector collector) {
        this.cursor = cursor;
        this.limits = limits;
        this.collector = collector;
        this.message = new BoundedText(limits.maxTextChars());
        this.stack = new BoundedText(limits.maxTextChars());
        this.out = new BoundedText(limits.maxOutputChars());
        this.err = new BoundedText(limits.maxOutputChars());
    }

    private void resetTexts() {
        message.reset();
        stack.reset();
        out.reset();
        err.reset();
    }

    private @Nullable FailureDetail failure(@Nullable String type) {
        if (!message.used() && !stack.used() && type == null) {
            return null;
        }
        String msg = message.valueOrNull();
        return new FailureDetail(msg == null ? null : msg.strip(), type, stack.value(), message.truncated() || stack.truncated());
    }

    private Map<String, String> property(@Nullable Map<String, String> props) {
        Map<String, String> map = props == null ? new LinkedHashMap<>() : props;
        if (map.size() < limits.maxPropertiesPerTest()) {
            map.put(cursor.attr("name", ""), BoundedText.cut(cursor.attr("value", ""), limits.maxTextChars()));
        }
        return map;
    }

    // ---- NUnit 3: <test-run><test-suite>...<test-case result label duration><failure><message/><stack-trace/></failure>

    void nunit3() throws XMLStreamException {
        Deque<String> suites = new ArrayDeque<>();
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = cursor.name();
                if ("test-suite".equals(name)) {
                    suites.push(cursor.attr("name", ""));
                } else if ("test-case".equals(name)) {
                    nunitCase(suites.isEmpty() ? "" : suites.peek());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "test-suite".equals(cursor.name()) && !suites.isEmpty()) {
                suites.pop();
            }
        }
    }

    private void nunitCase(String suite) throws XMLStreamException {
        int own = cursor.depth();
        String name = cursor.attr("name", "");
        String className = cursor.attr("classname", "");
        String result = cursor.attr("result", "");
        String label = cursor.attr("label", "");
        long millis = Durations.secondsToMillis(cursor.attr("duration"));
        resetTexts();
        Map<String, String> props = null;
        boolean inFailure = false;
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (cursor.name()) {
                    case "failure" -> inFailure = true;
                    case "message" -> cursor.readElementText(message);
                    case "stack-trace" -> cursor.readElementText(stack);
                    case "output" -> cursor.readElementText(out);
                    case "property" -> props = property(props);
                    default -> {
                        // attachments, assertions: not part of the model
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && cursor.depth() == own) {
                break;
            }
        }
        TestOutcome outcome = switch (result.toLowerCase(Locale.ROOT)) {
            case "failed" -> switch (label.toLowerCase(Locale.ROOT)) {
                case "error", "cancelled", "invalid" -> TestOutcome.ERROR;
                default -> TestOutcome.FAILED;
            };
            case "skipped", "inconclusive", "ignored" -> TestOutcome.SKIPPED;
            default -> TestOutcome.PASSED;
        };
        FailureDetail failure = outcome.isFailure() || inFailure ? failure(null) : null;
        collector.add(suite, className, name, outcome, millis, failure, out.valueOrNull(), null, out.truncated(), 0,
                props == null ? Map.of() : props);
    }

    // ---- Robot Framework: <robot><suite name><test name><kw/>...<status status starttime endtime elapsed>msg</status>

    void robot() throws XMLStreamException {
        Deque<String> suites = new ArrayDeque<>();
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = cursor.name();
                if ("suite".equals(name)) {
                    suites.push(cursor.attr("name", ""));
                } else if ("test".equals(name) && !suites.isEmpty()) {
                    robotTest(suites);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "suite".equals(cursor.name()) && !suites.isEmpty()) {
                suites.pop();
            }
        }
    }

    private void robotTest(Deque<String> suites) throws XMLStreamException {
        int own = cursor.depth();
        String name = cursor.attr("name", "");
        List<String> path = new ArrayList<>(suites);
        java.util.Collections.reverse(path);
        String className = String.join(".", path);
        resetTexts();
        String status = "";
        long millis = 0;
        Map<String, String> props = null;
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT && cursor.depth() == own + 1) {
                if ("status".equals(cursor.name())) {
                    status = cursor.attr("status", "");
                    millis = robotMillis(cursor.attr("elapsed"), cursor.attr("starttime"), cursor.attr("endtime"));
                    message.reset();
                    cursor.readElementText(message);
                } else if ("tag".equals(cursor.name())) {
                    BoundedText tag = new BoundedText(limits.maxTextChars());
                    cursor.readElementText(tag);
                    props = props == null ? new LinkedHashMap<>() : props;
                    if (props.size() < limits.maxPropertiesPerTest()) {
                        props.put("tag:" + tag.value().strip(), "true");
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && cursor.depth() == own) {
                break;
            }
        }
        TestOutcome outcome = switch (status.toUpperCase(Locale.ROOT)) {
            case "PASS" -> TestOutcome.PASSED;
            case "FAIL" -> TestOutcome.FAILED;
            default -> TestOutcome.SKIPPED;
        };
        FailureDetail failure = outcome.isFailure() ? failure(null) : null;
        collector.add(suites.isEmpty() ? "" : suites.peek(), className, name, outcome, millis, failure, null, null, false, 0,
                props == null ? Map.of() : props);
    }

    private static final DateTimeFormatter ROBOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss.SSS", Locale.ROOT);

    private static long robotMillis(@Nullable String elapsed, @Nullable String start, @Nullable String end) {
        if (elapsed != null) {
            return Durations.secondsToMillis(elapsed);
        }
        if (start == null || end == null || "N/A".equals(start) || "N/A".equals(end)) {
            return 0;
        }
        try {
            return Math.max(0, Duration.between(LocalDateTime.parse(start, ROBOT_TIME), LocalDateTime.parse(end, ROBOT_TIME)).toMillis());
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    // ---- xUnit.net v2: <assemblies><assembly><collection name><test name type method time result><failure exception-type>

    void xunit2() throws XMLStreamException {
        String collection = "";
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = cursor.name();
                if ("collection".equals(name)) {
                    collection = cursor.attr("name", "");
                } else if ("test".equals(name)) {
                    xunitTest(collection);
                }
            }
        }
    }

    private void xunitTest(String suite) throws XMLStreamException {
        int own = cursor.depth();
        String type = cursor.attr("type", "");
        String fullName = cursor.attr("name", "");
        String name = !type.isEmpty() && fullName.startsWith(type + ".") ? fullName.substring(type.length() + 1) : fullName;
        String result = cursor.attr("result", "");
        long millis = Durations.secondsToMillis(cursor.attr("time"));
        resetTexts();
        String exceptionType = null;
        Map<String, String> props = null;
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (cursor.name()) {
                    case "failure" -> exceptionType = cursor.attr("exception-type");
                    case "message", "reason" -> cursor.readElementText(message);
                    case "stack-trace" -> cursor.readElementText(stack);
                    case "output" -> cursor.readElementText(out);
                    case "trait" -> props = property(props);
                    default -> {
                        // nothing else is modelled
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && cursor.depth() == own) {
                break;
            }
        }
        TestOutcome outcome = switch (result) {
            case "Pass" -> TestOutcome.PASSED;
            case "Fail" -> exceptionType == null || exceptionType.startsWith("Xunit.Sdk.") ? TestOutcome.FAILED : TestOutcome.ERROR;
            default -> TestOutcome.SKIPPED;
        };
        FailureDetail failure = outcome.isFailure() ? failure(exceptionType) : null;
        collector.add(suite, type, name, outcome, millis, failure, out.valueOrNull(), null, out.truncated(), 0,
                props == null ? Map.of() : props);
    }

    // ---- MSTest TRX: <TestRun><Results><UnitTestResult testId testName outcome duration><Output><ErrorInfo>...
    //      class names come from <TestDefinitions><UnitTest id><TestMethod className>, written after the results.

    private record PendingTrx(String testId, String name, TestOutcome outcome, long millis, @Nullable FailureDetail failure,
            @Nullable String out, @Nullable String err, boolean outCut) {
    }

    void trx(String runName) throws XMLStreamException {
        List<PendingTrx> pending = new ArrayList<>();
        Map<String, String> classes = new HashMap<>();
        String unitTestId = null;
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (cursor.name()) {
                case "UnitTestResult" -> {
                    if (pending.size() >= limits.maxTests()) {
                        throw Collector.tooMany(limits);
                    }
                    pending.add(trxResult());
                }
                case "UnitTest" -> unitTestId = cursor.attr("id");
                case "TestMethod" -> {
                    String cls = cursor.attr("className", "");
                    int comma = cls.indexOf(',');
                    if (unitTestId != null) {
                        classes.put(unitTestId, comma >= 0 ? cls.substring(0, comma).strip() : cls);
                    }
                }
                default -> {
                    // run settings, summaries, lists
                }
            }
        }
        for (PendingTrx p : pending) {
            collector.add(runName, classes.getOrDefault(p.testId(), ""), p.name(), p.outcome(), p.millis(), p.failure(), p.out(),
                    p.err(), p.outCut(), 0, Map.of());
        }
    }

    private PendingTrx trxResult() throws XMLStreamException {
        int own = cursor.depth();
        String testId = cursor.attr("testId", "");
        String name = cursor.attr("testName", "");
        String outcomeName = cursor.attr("outcome", "");
        long millis = Durations.secondsToMillis(cursor.attr("duration"));
        resetTexts();
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (cursor.name()) {
                    case "Message" -> cursor.readElementText(message);
                    case "StackTrace" -> cursor.readElementText(stack);
                    case "StdOut" -> cursor.readElementText(out);
                    case "StdErr" -> cursor.readElementText(err);
                    default -> {
                        // inner results of data-driven tests are not separate results here
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && cursor.depth() == own) {
                break;
            }
        }
        TestOutcome outcome = switch (outcomeName) {
            case "Passed", "PassedButRunAborted", "Warning", "Completed" -> TestOutcome.PASSED;
            case "Failed" -> TestOutcome.FAILED;
            case "Error", "Timeout", "Aborted", "Disconnected" -> TestOutcome.ERROR;
            default -> TestOutcome.SKIPPED;
        };
        FailureDetail failure = outcome.isFailure() ? failure(null) : null;
        return new PendingTrx(testId, name, outcome, millis, failure, out.valueOrNull(), err.valueOrNull(),
                out.truncated() || err.truncated());
    }
}
