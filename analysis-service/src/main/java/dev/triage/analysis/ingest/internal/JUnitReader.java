package dev.triage.analysis.ingest.internal;

import dev.triage.analysis.ingest.FailureDetail;
import dev.triage.analysis.ingest.IngestLimits;
import dev.triage.analysis.ingest.ReportException;
import dev.triage.analysis.ingest.ReportException.Code;
import dev.triage.analysis.ingest.TestOutcome;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.jspecify.annotations.Nullable;

/**
 * Reads JUnit/xUnit XML in one pass, element-based: every {@code <testcase>} anywhere is one result, its outcome decided by
 * its direct children (error over failure over skipped; flakyFailure/flakyError alone = flaky). Suite-level
 * {@code <error>}/{@code <system-out>} and declared count attributes are not counted.
 */
final class JUnitReader {

    private static final int NONE = 0;
    private static final int FAILURE_BODY = 1;
    private static final int ERROR_BODY = 2;
    private static final int FLAKY_BODY = 3;
    private static final int OUT = 4;
    private static final int ERR = 5;
    private static final int PROPERTY = 6;

    private final Cursor cursor;
    private final IngestLimits limits;
    private final Collector collector;
    private final Deque<String> suites = new ArrayDeque<>();

    private final BoundedText failureBody;
    private final BoundedText errorBody;
    private final BoundedText flakyBody;
    private final BoundedText out;
    private final BoundedText err;
    private final BoundedText propertyValue;

    private boolean sawJUnitElement;

    // state of the testcase being read; caseDepth 0 = outside any testcase
    private int caseDepth;
    private String caseName = "";
    private String caseClass = "";
    private long caseMillis;
    private boolean hasFailure;
    private boolean hasError;
    private boolean hasSkipped;
    private int flakyAttempts;
    private int rerunAttempts;
    private @Nullable String failureMessage;
    private @Nullable String failureType;
    private @Nullable String errorMessage;
    private @Nullable String errorType;
    private @Nullable String flakyMessage;
    private @Nullable String flakyType;
    private boolean messageCut;
    private @Nullable Map<String, String> properties;
    private @Nullable String propertyName;

    private int capture = NONE;
    private int captureDepth;

    JUnitReader(Cursor cursor, IngestLimits limits, Collector collector) {
        this.cursor = cursor;
        this.limits = limits;
        this.collector = collector;
        this.failureBody = new BoundedText(limits.maxTextChars());
        this.errorBody = new BoundedText(limits.maxTextChars());
        this.flakyBody = new BoundedText(limits.maxTextChars());
        this.out = new BoundedText(limits.maxOutputChars());
        this.err = new BoundedText(limits.maxOutputChars());
        this.propertyValue = new BoundedText(limits.maxTextChars());
    }

    /** Reads from the root element (current event) to the end of the document. */
    void read(String rootName) throws XMLStreamException {
        start(rootName);
        int event;
        while ((event = cursor.next()) != XMLStreamConstants.END_DOCUMENT) {
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> start(cursor.name());
                case XMLStreamConstants.END_ELEMENT -> end(cursor.name());
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                default -> {
                    // comments, processing instructions: nothing to read
                }
            }
        }
        if (!sawJUnitElement) {
            throw new ReportException(Code.UNSUPPORTED_FORMAT, "Root element <" + rootName
                    + "> is not a test report: no <testsuite> or <testcase> elements");
        }
    }

    private void text() {
        if (capture == NONE || cursor.depth() != captureDepth) {
            return;
        }
        switch (capture) {
            case NONE -> {
                // text outside captured elements is layout
            }
            case FAILURE_BODY -> cursor.appendText(failureBody);
            case ERROR_BODY -> cursor.appendText(errorBody);
            case FLAKY_BODY -> cursor.appendText(flakyBody);
            case OUT -> cursor.appendText(out);
            case ERR -> cursor.appendText(err);
            case PROPERTY -> cursor.appendText(propertyValue);
            default -> throw new IllegalStateException("capture " + capture);
        }
    }

    private void start(String name) {
        int depth = cursor.depth();
        if (caseDepth == 0) {
            switch (name) {
                case "testsuite" -> {
                    sawJUnitElement = true;
                    suites.push(cursor.attr("name", ""));
                }
                case "testsuites" -> sawJUnitElement = true;
                case "testcase" -> startCase(depth);
                default -> {
                    // suite-level properties, output and errors are not test results
                }
            }
            return;
        }
        if (depth == caseDepth + 1) {
            caseChild(name, depth);
        } else if (depth == caseDepth + 2) {
            if (capture == FLAKY_BODY && "stackTrace".equals(name)) {
                captureDepth = depth;
            } else if ("property".equals(name) && capture == NONE) {
                property(depth);
            }
        }
    }

    private void startCase(int depth) {
        sawJUnitElement = true;
        caseDepth = depth;
        caseName = cursor.attr("name", "");
        String cls = cursor.attr("classname");
        caseClass = cls != null ? cls : cursor.attr("class", "");
        caseMillis = Durations.secondsToMillis(cursor.attr("time"));
        hasFailure = false;
        hasError = false;
        hasSkipped = false;
        flakyAttempts = 0;
        rerunAttempts = 0;
        failureMessage = null;
        failureType = null;
        errorMessage = null;
        errorType = null;
        flakyMessage = null;
        flakyType = null;
        messageCut = false;
        properties = null;
        failureBody.reset();
        errorBody.reset();
        flakyBody.reset();
        out.reset();
        err.reset();
    }

    private void caseChild(String name, int depth) {
        switch (name) {
            case "failure" -> {
                if (!hasFailure) {
                    hasFailure = true;
                    failureMessage = message();
                    failureType = cursor.attr("type");
                    capture(FAILURE_BODY, depth);
                }
            }
            case "error" -> {
                if (!hasError) {
                    hasError = true;
                    errorMessage = message();
                    errorType = cursor.attr("type");
                    capture(ERROR_BODY, depth);
                }
            }
            case "skipped" -> hasSkipped = true;
            case "flakyFailure", "flakyError" -> {
                if (flakyAttempts++ == 0) {
                    flakyMessage = message();
                    flakyType = cursor.attr("type");
                    capture(FLAKY_BODY, depth);
                }
            }
            case "rerunFailure", "rerunError" -> rerunAttempts++;
            case "system-out" -> capture(OUT, depth);
            case "system-err" -> capture(ERR, depth);
            case "property" -> property(depth);
            default -> {
                // <properties> is transparent; unknown children are ignored
            }
        }
    }

    private @Nullable String message() {
        String message = cursor.attr("message");
        if (message != null && message.length() > limits.maxTextChars()) {
            messageCut = true;
            return BoundedText.cut(message, limits.maxTextChars());
        }
        return message;
    }

    private void capture(int what, int depth) {
        capture = what;
        captureDepth = depth;
    }

    private void property(int depth) {
        Map<String, String> props = properties;
        if (props == null) {
            props = new LinkedHashMap<>();
            properties = props;
        }
        if (props.size() >= limits.maxPropertiesPerTest()) {
            return;
        }
        String name = cursor.attr("name", "");
        String value = cursor.attr("value");
        if (value != null) {
            props.put(name, BoundedText.cut(value, limits.maxTextChars()));
        } else {
            propertyName = name;
            propertyValue.reset();
            capture(PROPERTY, depth);
        }
    }

    private void end(String name) {
        int depth = cursor.depth();
        if (capture != NONE && depth == captureDepth) {
            if (capture == PROPERTY && properties != null && propertyName != null) {
                properties.put(propertyName, propertyValue.value());
                propertyName = null;
            }
            if (capture == FLAKY_BODY && depth == caseDepth + 2) {
                captureDepth = caseDepth + 1;
                return;
            }
            capture = NONE;
        }
        if (caseDepth != 0) {
            if (depth == caseDepth) {
                endCase();
            }
            return;
        }
        if ("testsuite".equals(name) && !suites.isEmpty()) {
            suites.pop();
        }
    }

    private void endCase() {
        caseDepth = 0;
        capture = NONE;
        TestOutcome outcome;
        FailureDetail failure = null;
        if (hasError) {
            outcome = TestOutcome.ERROR;
            failure = new FailureDetail(errorMessage, errorType, errorBody.value(), messageCut || errorBody.truncated());
        } else if (hasFailure) {
            outcome = TestOutcome.FAILED;
            failure = new FailureDetail(failureMessage, failureType, failureBody.value(), messageCut || failureBody.truncated());
        } else if (hasSkipped) {
            outcome = TestOutcome.SKIPPED;
        } else if (flakyAttempts > 0) {
            outcome = TestOutcome.FLAKY;
            failure = new FailureDetail(flakyMessage, flakyType, flakyBody.value(), messageCut || flakyBody.truncated());
        } else {
            outcome = TestOutcome.PASSED;
        }
        int attempts = outcome == TestOutcome.FLAKY ? flakyAttempts : rerunAttempts;
        collector.add(suites.isEmpty() ? "" : suites.peek(), caseClass, caseName, outcome, caseMillis, failure, out.valueOrNull(),
                err.valueOrNull(), out.truncated() || err.truncated(), attempts, properties == null ? Map.of() : properties);
    }
}
