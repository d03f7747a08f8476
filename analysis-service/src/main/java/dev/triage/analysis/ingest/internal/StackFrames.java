package dev.triage.analysis.ingest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads frames out of stack traces written by the JVM, .NET, Node.js, Python, Ruby and Go, and drops the frames of
 * test frameworks, runtimes and assertion libraries so that what is left is the code under test.
 */
public final class StackFrames {

    /** Lines of a trace looked at; the interesting frames are near the top. */
    private static final int MAX_LINES = 400;

    private static final Pattern JS_FRAME = Pattern.compile("^\\s*at\\s+(?:async\\s+)?(?:(\\S.*?)\\s+)?\\(?((?:[A-Za-z]:)?[^\\s()]+?):\\d+"
            + "(?::\\d+)?\\)?\\s*$");
    private static final Pattern JVM_FRAME = Pattern.compile("^\\s*at\\s+(?:[\\w.-]+/{1,2})?(?:[\\w.-]+@[\\w.-]+/)?([^\\s(]+)\\s*\\(");
    private static final Pattern PYTHON_FRAME = Pattern.compile("^\\s*File \"(.+?)\", line \\d+, in (\\S+)");
    private static final Pattern RUBY_FRAME = Pattern.compile("^\\s*(?:# )?(\\S+\\.rb):\\d+:in [`'](?:[\\w:]+[#.])?(.+?)'");
    private static final Pattern GO_FRAME = Pattern.compile("^((?:[\\w.-]+/)*[\\w.-]+\\.(?:\\(\\*?\\w+\\)\\.)?[\\w.]+)\\(.*\\)$");

    private static final List<String> FRAMEWORK_PREFIXES = List.of(
            // JVM: JUnit, TestNG, Surefire, Gradle, reflection, the JDK, assertion and mocking libraries, language runtimes
            "org.junit.", "junit.", "org.opentest4j.", "org.testng.", "org.apache.maven.surefire.", "org.apache.maven.plugin.surefire.",
            "org.gradle.", "worker.org.gradle.", "sun.", "jdk.", "java.", "javax.", "com.sun.", "kotlin.", "kotlinx.coroutines.",
            "scala.", "org.scalatest.", "io.kotest.", "org.hamcrest.", "org.assertj.", "org.mockito.", "net.bytebuddy.",
            "org.spockframework.", "org.codehaus.groovy.", "groovy.", "org.springframework.test.", "org.springframework.cglib.",
            "com.intellij.", "org.eclipse.jdt.internal.junit", "com.google.common.truth.", "org.awaitility.",
            // .NET
            "System.", "Microsoft.VisualStudio.Test", "Microsoft.TestPlatform.", "NUnit.Framework.", "Xunit.", "FluentAssertions.",
            // Go
            "testing.", "runtime.");
    private static final List<String> FRAMEWORK_FILES = List.of(
            "node_modules/", "node:", "internal/", "jest-circus", "jest-jasmine", "_pytest/", "pluggy/", "unittest/", "importlib",
            "/gems/rspec-", "/gems/minitest-", "/lib/ruby/", "/go/src/testing/", "/go/src/runtime/");

    private StackFrames() {
    }

    /** One frame's identity: qualified function name, or {@code file:function} where only a file is known; no line numbers. */
    public record Frame(String id, boolean framework) {
    }

    public static List<Frame> parse(String trace) {
        List<Frame> frames = new ArrayList<>();
        int lines = 0;
        for (String raw : (Iterable<String>) trace.lines()::iterator) {
            if (++lines > MAX_LINES) {
                break;
            }
            Frame frame = frame(raw);
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    /**
     * The first {@code count} distinct frames of the code under test; the first frames of any kind (at most two) when all
     * are framework frames. Stops reading the trace as soon as it has them.
     */
    public static List<String> top(String trace, int count) {
        List<String> own = new ArrayList<>(count);
        List<String> any = new ArrayList<>(2);
        int lines = 0;
        int start = 0;
        int length = trace.length();
        while (start < length && own.size() < count && ++lines <= MAX_LINES) {
            int end = trace.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = trace.substring(start, end);
            start = end + 1;
            Frame frame = frame(line);
            if (frame == null) {
                continue;
            }
            if (!frame.framework()) {
                String id = stripGenerated(frame.id());
                if (!own.contains(id)) {
                    own.add(id);
                }
            } else if (any.size() < Math.min(count, 2) && !any.contains(frame.id())) {
                any.add(stripGenerated(frame.id()));
            }
        }
        return own.isEmpty() ? any : own;
    }

    static @Nullable Frame frame(String line) {
        String text = line.strip();
        if (text.startsWith("at ")) {
            // JVM and .NET: "at pkg.Class.method(File.java:12)", "at java.base/java.lang.Thread.run(...)",
            // "at Ns.Class.Method(String s) in /src/File.cs:line 9"; read by hand, it is most of every trace
            int paren = text.indexOf('(', 3);
            if (paren > 3 && text.charAt(paren - 1) != ' ' && text.indexOf(' ', 3) > paren) {
                String name = text.substring(3, paren);
                name = name.substring(name.lastIndexOf('/') + 1);
                return new Frame(name, frameworkName(name));
            }
            if (paren > 3 && text.charAt(paren - 1) != ' ' && text.indexOf(' ', 3) < 0) {
                String name = text.substring(3, paren);
                name = name.substring(name.lastIndexOf('/') + 1);
                return new Frame(name, frameworkName(name));
            }
            Matcher js = JS_FRAME.matcher(text);
            if (js.matches() && (text.endsWith(")") && text.contains(" (") || !text.contains("("))) {
                String file = js.group(2).replace('\\', '/');
                String function = js.group(1) == null ? "" : js.group(1);
                return new Frame(basename(file) + (function.isEmpty() ? "" : ":" + function), frameworkFile(file));
            }
            Matcher jvm = JVM_FRAME.matcher(text);
            if (jvm.find()) {
                String name = jvm.group(1);
                return new Frame(name, frameworkName(name));
            }
            return null;
        }
        if (text.startsWith("File \"")) {
            Matcher py = PYTHON_FRAME.matcher(text);
            if (py.find()) {
                String file = py.group(1).replace('\\', '/');
                return new Frame(basename(file) + ":" + py.group(2), frameworkFile(file));
            }
            return null;
        }
        if (text.contains(".rb:")) {
            Matcher rb = RUBY_FRAME.matcher(text);
            if (rb.find()) {
                String file = rb.group(1);
                return new Frame(basename(file) + ":" + rb.group(2), frameworkFile(file));
            }
            return null;
        }
        if (!text.endsWith(")") || text.indexOf('.') < 0) {
            return null;
        }
        Matcher py = PYTHON_FRAME.matcher(text);
        if (py.find()) {
            String file = py.group(1).replace('\\', '/');
            return new Frame(basename(file) + ":" + py.group(2), frameworkFile(file));
        }
        Matcher rb = RUBY_FRAME.matcher(text);
        if (rb.find()) {
            String file = rb.group(1);
            return new Frame(basename(file) + ":" + rb.group(2), frameworkFile(file));
        }
        Matcher go = GO_FRAME.matcher(text);
        if (go.matches() && text.indexOf('/') >= 0 || go.matches() && text.startsWith("testing.")) {
            String name = go.group(1);
            return new Frame(name, frameworkName(name));
        }
        return null;
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static final Pattern GENERATED = Pattern.compile("\\$\\$[\\w$]*");
    private static final Pattern NUMBER_IN_NAME = Pattern.compile("(?<=\\$)\\d+|(?<=\\$Proxy)\\d+|(?<=\\.func)\\d+");

    /**
     * Generated names change with compilation order: lambda$test$3, Foo$1, $Proxy12, $$EnhancerByMockito$$1a2b, Go's
     * func1. Digits the programmer wrote (test1, sha256) stay.
     */
    private static String stripGenerated(String name) {
        String text = name;
        if (text.contains("$$")) {
            text = GENERATED.matcher(text).replaceAll("\\$\\$");
        }
        return NUMBER_IN_NAME.matcher(text).replaceAll("<n>");
    }

    private static boolean frameworkName(String name) {
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean frameworkFile(String file) {
        for (String part : FRAMEWORK_FILES) {
            if (file.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
