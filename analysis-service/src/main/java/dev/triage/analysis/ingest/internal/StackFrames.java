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

    /** The first {@code count} frames of the code under test; the first frames of any kind when all are framework frames. */
    public static List<String> top(String trace, int count) {
        List<Frame> frames = parse(trace);
        List<String> own = frames.stream().filter(f -> !f.framework()).map(Frame::id).distinct().limit(count).toList();
        if (!own.isEmpty()) {
            return own;
        }
        return frames.stream().map(Frame::id).distinct().limit(Math.min(count, 2)).toList();
    }

    static @Nullable Frame frame(String line) {
        String text = line.strip();
        if (text.startsWith("at ")) {
            Matcher js = JS_FRAME.matcher(text);
            if (js.matches() && (text.endsWith(")") && text.contains(" (") || !text.contains("("))) {
                String file = js.group(2).replace('\\', '/');
                String function = js.group(1) == null ? "" : js.group(1);
                return new Frame(basename(file) + (function.isEmpty() ? "" : ":" + stripGenerated(function)), frameworkFile(file));
            }
            Matcher jvm = JVM_FRAME.matcher(text);
            if (jvm.find()) {
                String name = jvm.group(1);
                return new Frame(stripGenerated(name), frameworkName(name));
            }
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
            return new Frame(stripGenerated(name), frameworkName(name));
        }
        return null;
    }

    private static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** Generated names change with compilation order: lambda$test$3, $$EnhancerByMockito$$1a2b, $Proxy12, func1. */
    private static String stripGenerated(String name) {
        return Normaliser.message(name.replaceAll("\\$\\$[\\w$]*", "\\$\\$"));
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
