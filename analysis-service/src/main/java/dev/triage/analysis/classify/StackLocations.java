package dev.triage.analysis.classify;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where in the stack a failure was thrown: the innermost frame that is not a library, runtime or test framework, and
 * whether it belongs to the test code or to the product. Reads JVM, .NET, Node.js, Python (tracebacks and pytest),
 * Ruby, Go, Dart, PHP and file:line references of native test frameworks.
 */
final class StackLocations {

    /** Where a failure was thrown. */
    enum Kind {
        TEST, PRODUCT, FRAMEWORK, NONE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The innermost own frame (or the innermost frame when all are library frames) and who owns it. */
    record Location(Kind kind, String frame) {
        static final Location NONE = new Location(Kind.NONE, "");
    }

    private record Frame(String name, String file, boolean innermostLast) {
    }

    /** Lines read; the frames that matter are at the top (or, for Python, at the end of a short traceback). */
    private static final int MAX_LINES = 300;

    private static final Pattern JS = Pattern.compile("^at\\s+(?:async\\s+)?(?:(.+?)\\s+\\()?((?:[A-Za-z]:)?[^\\s()]+?):\\d+(?::\\d+)?\\)?$");
    private static final Pattern PY_TRACEBACK = Pattern.compile("^File \"(.+?)\", line \\d+, in (\\S+)");
    private static final Pattern PYTEST = Pattern.compile("^([\\w./\\\\-]+\\.py):\\d+:(?: in (\\S+)|\\s+\\w)");
    private static final Pattern RUBY = Pattern.compile("^(?:# )?(\\S+\\.rb):\\d+:in [`'](?:[\\w:]+[#.])?(.+?)'");
    private static final Pattern GO_FUNC = Pattern.compile("^((?:[\\w.-]+/)*[\\w.-]+\\.(?:\\(\\*?\\w+\\)\\.)?[\\w.]+)\\(.*\\)$");
    private static final Pattern GO_FILE = Pattern.compile("^(\\S+\\.go):\\d+");
    private static final Pattern DART = Pattern.compile("^(\\S+\\.dart) \\d+:\\d+\\s+(.+)$");
    private static final Pattern PHP = Pattern.compile("^#\\d+ (\\S+\\.php)\\(\\d+\\): (.+)$");
    private static final Pattern FILE_LINE = Pattern.compile("(?:^|[\\s(\\[])((?:[\\w.@-]+[/\\\\])*[\\w.@-]+\\.(?:java|kt|scala|groovy|cs|fs|vb|js|mjs|cjs"
            + "|jsx|ts|tsx|py|rb|go|dart|php|swift|m|mm|c|cc|cpp|cxx|h|hpp|rs|ex|exs|feature|robot)):\\d+");

    private static final List<String> LIBRARY_NAMES = List.of(
            "org.junit.", "junit.", "org.opentest4j.", "org.testng.", "org.apache.maven.", "org.gradle.", "worker.org.gradle.", "sun.",
            "jdk.", "java.", "javax.", "jakarta.", "com.sun.", "kotlin.", "kotlinx.", "scala.", "org.scalatest.", "io.kotest.",
            "org.hamcrest.", "org.assertj.", "org.mockito.", "net.bytebuddy.", "org.spockframework.", "org.codehaus.groovy.",
            "groovy.", "org.springframework.", "org.apache.", "com.fasterxml.", "tools.jackson.", "io.netty.", "reactor.",
            "okhttp3.", "okio.", "retrofit2.", "feign.", "com.google.", "org.hibernate.", "org.jboss.", "io.grpc.", "com.mongodb.",
            "org.postgresql.", "com.mysql.", "com.zaxxer.", "io.restassured.", "org.openqa.", "com.codeborne.", "io.cucumber.",
            "cucumber.", "android.", "androidx.", "dalvik.", "com.android.", "org.slf4j.", "ch.qos.", "io.micrometer.",
            "org.eclipse.", "com.intellij.", "org.awaitility.", "com.jayway.", "io.vertx.", "akka.", "io.ktor.", "org.jetbrains.",
            "System.", "Microsoft.", "Newtonsoft.", "NUnit.", "Xunit.", "Moq.", "Castle.", "Polly.", "FluentAssertions.",
            "testing.", "runtime.", "reflect.", "net/http.", "sync.", "Facebook\\", "PHPUnit\\", "Codeception\\");
    private static final List<String> LIBRARY_FILES = List.of(
            "node_modules/", "node:", "internal/", "site-packages/", "dist-packages/", "/lib/python", "_pytest/", "pluggy/",
            "unittest/", "importlib", "/gems/", "/lib/ruby/", "/go/src/", "/usr/local/go/", "/pkg/mod/", "/vendor/", "/usr/include/",
            "/usr/lib/", "<frozen", "<string>", "asyncio/", "concurrent/");
    private static final Pattern TEST_CLASS = Pattern.compile("(?:^|[.$/\\\\])(?:Test[A-Z_]\\w*|\\w*(?:Test|Tests|TestCase|TestBase|IT|ITCase|Spec"
            + "|Specs|Steps|StepDefinitions|StepDefs|Fixture|Fixtures|Should|Specification|Suite|Cest|Cept))(?:[.$<`:(]|$)");
    private static final Pattern TEST_PACKAGE = Pattern.compile("(?:^|[./\\\\])(?:test|tests|it|e2e|testing|testutil|testutils|testsupport"
            + "|fixtures|spec|specs|integrationtest|integrationtests|__tests__|cypress|playwright|step_definitions|features)[./\\\\]");
    private static final Pattern TEST_FILE = Pattern.compile("(?:_test\\.go|(?:^|[/\\\\])test_[^/\\\\]*\\.py|_test\\.py|conftest\\.py"
            + "|\\.(?:test|spec|e2e|cy)\\.[cm]?[jt]sx?|_spec\\.rb|_test\\.rb|Test\\.php|Cest\\.php|Tests?\\.cs|Tests?\\.kt|Tests?\\.java"
            + "|Tests?\\.swift|Spec\\.(?:scala|groovy|kt)|(?:^|[/\\\\])test_[^/\\\\]*\\.(?:c|cc|cpp)|_(?:unit)?test\\.(?:c|cc|cpp)"
            + "|_test\\.dart|\\.feature)$");
    private static final Pattern TEST_FUNCTION = Pattern.compile("(?:^|[.:#])(?:test_\\w*|test[A-Z]\\w*|Test[A-Z_]\\w*|setUp\\w*"
            + "|tearDown\\w*)(?:$|[.<(\\s])");

    private StackLocations() {
    }

    /** Where the failure was thrown, from the stack trace, or from the message when the stack has no frames. */
    static Location of(String stack, String message) {
        Location location = scan(stack);
        return location.kind() != Kind.NONE ? location : scan(message);
    }

    private static Location scan(String text) {
        if (text.isEmpty()) {
            return Location.NONE;
        }
        Frame innermost = null;
        Frame innermostOwn = null;
        Frame lastPython = null;
        Frame lastPythonOwn = null;
        int lines = 0;
        for (String raw : (Iterable<String>) text.lines()::iterator) {
            if (++lines > MAX_LINES) {
                break;
            }
            Frame frame = frame(raw.strip());
            if (frame == null) {
                continue;
            }
            boolean own = !library(frame);
            if (frame.innermostLast()) {
                lastPython = frame;
                if (own) {
                    lastPythonOwn = frame;
                }
                continue;
            }
            if (innermost == null) {
                innermost = frame;
            }
            if (own && innermostOwn == null) {
                innermostOwn = frame;
            }
        }
        Frame any = lastPython != null ? lastPython : innermost;
        Frame own = lastPython != null ? lastPythonOwn : innermostOwn;
        if (own != null) {
            return new Location(test(own) ? Kind.TEST : Kind.PRODUCT, display(own));
        }
        return any == null ? Location.NONE : new Location(Kind.FRAMEWORK, display(any));
    }

    private static @Nullable Frame frame(String text) {
        String line = text;
        if (!line.startsWith("at ")) {
            // converters sometimes glue the first frame to the message: "... divide by zero. at Ns.Class.Method() in ..."
            int at = line.indexOf(" at ");
            if (at > 0 && line.indexOf('(', at) > 0) {
                Frame glued = callFrame(line.substring(at + 1));
                if (glued != null) {
                    return glued;
                }
            }
        } else {
            Frame call = callFrame(line);
            if (call != null) {
                return call;
            }
            Matcher js = JS.matcher(line);
            if (js.matches() && looksLikePath(js.group(2))) {
                return new Frame(js.group(1) == null ? "" : js.group(1), js.group(2).replace('\\', '/'), false);
            }
            return null;
        }
        // cheap checks first: most lines of a trace are frames of one language, the rest is message text
        Matcher m;
        if (line.startsWith("File \"")) {
            m = PY_TRACEBACK.matcher(line);
            if (m.find()) {
                return new Frame(m.group(2), m.group(1).replace('\\', '/'), true);
            }
        }
        if (line.contains(".py:")) {
            m = PYTEST.matcher(line);
            if (m.find()) {
                return new Frame(m.group(2) == null ? "" : m.group(2), m.group(1).replace('\\', '/'), true);
            }
        }
        if (line.contains(".rb:")) {
            m = RUBY.matcher(line);
            if (m.find()) {
                return new Frame(m.group(2), m.group(1), false);
            }
        }
        if (line.contains(".dart ")) {
            m = DART.matcher(line);
            if (m.find()) {
                return new Frame(m.group(2), m.group(1), false);
            }
        }
        if (line.startsWith("#")) {
            m = PHP.matcher(line);
            if (m.find()) {
                return new Frame(m.group(2), m.group(1), false);
            }
        }
        if (line.contains(".go:")) {
            m = GO_FILE.matcher(line);
            if (m.find()) {
                return new Frame("", m.group(1), false);
            }
        }
        if (line.endsWith(")") && line.indexOf('/') >= 0 && !line.startsWith("panic(")) {
            m = GO_FUNC.matcher(line);
            if (m.matches()) {
                return new Frame(m.group(1), "", false);
            }
        }
        if (line.indexOf(':') > 0) {
            m = FILE_LINE.matcher(line);
            if (m.find()) {
                return new Frame("", m.group(1).replace('\\', '/'), false);
            }
        }
        return null;
    }

    /**
     * A JVM or .NET frame, read by hand because it is most of every trace: {@code at pkg.Class.method(File.java:12)},
     * {@code at java.base/java.lang.Thread.run(...)}, {@code at Ns.Class.Method(String s) in /src/File.cs:line 9}. The
     * name before the parenthesis has no space (a Node.js frame has one: {@code at fn (file.js:1:2)}).
     */
    private static @Nullable Frame callFrame(String line) {
        int paren = line.indexOf('(', 3);
        if (paren <= 3 || line.charAt(paren - 1) == ' ' || line.lastIndexOf(' ', paren) > 2) {
            return null;
        }
        String name = line.substring(3, paren);
        name = name.substring(name.lastIndexOf('/') + 1);
        String file = "";
        int in = line.indexOf(") in ", paren);
        if (in > 0) {
            file = line.substring(in + 5).replace('\\', '/');
            int lineNo = file.lastIndexOf(":line ");
            file = lineNo > 0 ? file.substring(0, lineNo) : file;
        }
        return new Frame(name, file, false);
    }

    private static boolean looksLikePath(String file) {
        return file.indexOf('/') >= 0 || file.indexOf('\\') >= 0 || file.startsWith("node:")
                || file.matches(".*\\.(?:[cm]?[jt]sx?|coffee|vue|svelte)$");
    }

    private static boolean library(Frame frame) {
        if (!frame.file().isEmpty()) {
            String file = frame.file();
            for (String marker : LIBRARY_FILES) {
                if (file.contains(marker) || file.startsWith(marker.replace("/", ""))) {
                    return true;
                }
            }
            return false;
        }
        for (String prefix : LIBRARY_NAMES) {
            if (frame.name().startsWith(prefix)) {
                return true;
            }
        }
        return frame.name().startsWith("Object.") && frame.file().isEmpty() || frame.name().startsWith("new Promise");
    }

    private static boolean test(Frame frame) {
        String file = frame.file();
        if (!file.isEmpty()) {
            return TEST_FILE.matcher(file).find() || TEST_PACKAGE.matcher("/" + file).find();
        }
        String name = frame.name();
        return TEST_CLASS.matcher(name).find() || TEST_PACKAGE.matcher("." + name).find() || TEST_FUNCTION.matcher(name).find();
    }

    private static String display(Frame frame) {
        if (frame.file().isEmpty()) {
            return frame.name();
        }
        String file = frame.file();
        int slash = file.lastIndexOf('/');
        String base = slash < 0 ? file : file.substring(slash + 1);
        return frame.name().isEmpty() ? base : base + " " + frame.name();
    }
}
