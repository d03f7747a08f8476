package dev.triage.analysis.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each normalisation rule with a pair that must give the same signature and a pair that must not. */
class SignatureRulesUnitTests {

    private static final String JAVA_TRACE = """
            java.lang.IllegalStateException: %s
            \tat com.acme.orders.OrderService.place(OrderService.java:%d)
            \tat com.acme.orders.OrderServiceTest.%s(OrderServiceTest.java:%d)
            \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
            \tat java.base/java.lang.reflect.Method.invoke(Method.java:580)
            \tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:%d)
            """;

    private static ErrorSignature java(String message) {
        return Signatures.of(message, "java.lang.IllegalStateException", JAVA_TRACE.formatted(message, 42, "places", 17, 767));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // rule, a, b, same?
                Arguments.of("timestamps", "Lock expired at 2024-01-02T10:11:12.345Z", "Lock expired at 2025-03-04T01:02:03+02:00", true),
                Arguments.of("timestamps", "Lock expired at 2024-01-02T10:11:12Z", "Lock released at 2024-01-02T10:11:12Z", false),
                Arguments.of("uuids", "Order 3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b not found", "Order 0a1b2c3d-4e5f-6789-abcd-ef0123456789 not found",
                        true),
                Arguments.of("uuids", "Order 3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b not found",
                        "Invoice 3f2b8c1e-9a4d-4e2f-8b1a-0c9d8e7f6a5b not found", false),
                Arguments.of("hex ids and addresses", "Bean com.acme.Cache@1b6d3586 at 0x7ffd5e2a1c40 is closed",
                        "Bean com.acme.Cache@4554617c at 0x7f00aa00bb10 is closed", true),
                Arguments.of("hex ids and addresses", "Bean com.acme.Cache@1b6d3586 is closed", "Bean com.acme.Pool@1b6d3586 is closed", false),
                Arguments.of("numbers inside identifiers", "Thread-12 was interrupted in worker7", "Thread-3 was interrupted in worker11", true),
                Arguments.of("numbers inside identifiers", "Thread-12 was interrupted", "Thread-12 timed out", false),
                Arguments.of("small numbers stay", "expected:<3> but was:<4>", "expected:<3> but was:<5>", false),
                Arguments.of("temp paths", "File /tmp/junit8812345/report.txt not found", "File /tmp/junit99/report.txt not found", true),
                Arguments.of("temp paths (macOS)", "Cannot write /var/folders/xy/abc123/T/out.bin", "Cannot write /var/folders/zz/q9/T/out.bin",
                        true),
                Arguments.of("temp paths (Windows)", "Locked C:\\Users\\ci\\AppData\\Local\\Temp\\junit1\\a.db",
                        "Locked C:\\Users\\bob\\AppData\\Local\\Temp\\junit2\\a.db", true),
                Arguments.of("other paths stay", "File /etc/acme/config.yml not found", "File /etc/acme/secrets.yml not found", false),
                Arguments.of("ports", "Connection refused: localhost:53123", "Connection refused: localhost:41234", true),
                Arguments.of("ports", "Connection refused: localhost:53123", "Connection refused: db.internal:53123", false),
                Arguments.of("ip addresses", "No route to 10.0.3.17", "No route to 10.1.0.2", true),
                Arguments.of("pod suffixes", "Pod api-7d9f8c6b5d-x2x4z not ready", "Pod api-5f6d7c8b9a-abcde not ready", true),
                Arguments.of("pod suffixes", "Pod api-7d9f8c6b5d-x2x4z not ready", "Pod worker-7d9f8c6b5d-x2x4z not ready", false),
                Arguments.of("build suffixes", "Artifact of build #1234 missing", "Artifact of build #1301 missing", true),
                Arguments.of("build suffixes", "Artifact of build #1234 missing", "Cache of build #1234 missing", false),
                Arguments.of("durations", "Timed out after 30012 ms", "Timed out after 30250 ms", true),
                Arguments.of("durations", "Timed out after 30012 ms", "Gave up after 30012 ms", false),
                Arguments.of("container ids", "Container 4f2a9c81d3e7 exited", "Container a81b27c0ffee exited", true),
                Arguments.of("epoch millis", "Token issued 1718611200123 expired", "Token issued 1718611299999 expired", true));
    }

    @ParameterizedTest(name = "{0}: \"{1}\" vs \"{2}\" same={3}")
    @MethodSource("rules")
    void messageRule(String rule, String a, String b, boolean same) {
        if (same) {
            assertThat(java(a).hash()).as(rule).isEqualTo(java(b).hash());
            assertThat(java(a).legacyHash()).as("legacy %s keeps the raw message", rule).isNotEqualTo(java(b).legacyHash());
        } else {
            assertThat(java(a).hash()).as(rule).isNotEqualTo(java(b).hash());
        }
    }

    @Test
    void lineNumbersAndFrameworkFramesDoNotMatterButTheCodeUnderTestDoes() {
        String message = "boom";
        ErrorSignature a = Signatures.of(message, null, JAVA_TRACE.formatted(message, 42, "places", 17, 767));
        ErrorSignature movedLines = Signatures.of(message, null, JAVA_TRACE.formatted(message, 45, "places", 19, 801));
        ErrorSignature otherTest = Signatures.of(message, null, JAVA_TRACE.formatted(message, 42, "cancels", 17, 767));

        assertThat(a.hash()).isEqualTo(movedLines.hash());
        assertThat(a.hash()).isNotEqualTo(otherTest.hash());
        assertThat(a.topFrames()).containsExactly("com.acme.orders.OrderService.place", "com.acme.orders.OrderServiceTest.places");
        assertThat(a.exceptionType()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void frameworkFramesAreSkippedWhateverTheirVersion() {
        String app = "java.lang.AssertionError: no\n\tat org.junit.Assert.fail(Assert.java:89)\n\tat com.acme.ATest.t(ATest.java:5)\n";
        ErrorSignature junit4 = Signatures.of("no", null, app + "\tat org.junit.runners.ParentRunner.run(ParentRunner.java:413)\n");
        ErrorSignature junit5 = Signatures.of("no", null, app + "\tat org.junit.platform.engine.Execution.run(Execution.java:12)\n");
        ErrorSignature otherApp = Signatures.of("no", null, app.replace("ATest.t", "BTest.t"));

        assertThat(junit4.hash()).isEqualTo(junit5.hash());
        assertThat(junit4.topFrames()).containsExactly("com.acme.ATest.t");
        assertThat(junit4.hash()).isNotEqualTo(otherApp.hash());
    }

    @Test
    void exceptionTypeIsPartOfTheSignature() {
        String trace = "\tat com.acme.A.run(A.java:1)\n";
        assertThat(Signatures.of("bad", "java.io.IOException", trace).hash())
                .isNotEqualTo(Signatures.of("bad", "java.io.UncheckedIOException", trace).hash());
        assertThat(Signatures.of("bad", null, "java.io.IOException: bad\n" + trace).hash())
                .as("type from the trace's first line equals the type attribute")
                .isEqualTo(Signatures.of("bad", "java.io.IOException", "java.io.IOException: bad\n" + trace).hash());
    }

    @Test
    void aMessageThatOnlySaysFailedGivesWayToTheFirstLineOfTheBody() {
        // gotestsum and go-junit-report: message="Failed", the cause in the body between the runner's own lines
        String body = "=== RUN   TestParallelTheFirst\n=== PAUSE TestParallelTheFirst\n=== CONT  TestParallelTheFirst\n"
                + "    fails_test.go:%d: %s\n--- FAIL: TestParallelTheFirst (0.01s)\n";
        ErrorSignature first = Signatures.of("Failed", "", body.formatted(29, "failed the first"));
        ErrorSignature again = Signatures.of("Failed", "", body.formatted(31, "failed the first"));
        ErrorSignature third = Signatures.of("Failed", "", body.formatted(41, "failed the third"));
        assertThat(first.normalisedMessage()).isEqualTo("fails_test.go: failed the first");
        assertThat(first.hash()).as("the same cause on another line").isEqualTo(again.hash());
        assertThat(first.hash()).as("another cause").isNotEqualTo(third.hash());
        assertThat(first.legacyHash()).as("the rootcoz signature keeps the raw message")
                .isEqualTo(Signatures.legacy("Failed", body.formatted(29, "failed the first")));
    }

    @Test
    void aGenericMessageWithNothingElseInTheBodyStaysAsItIs() {
        ErrorSignature bare = Signatures.of("Failed", "", "=== RUN   TestX\n--- FAIL: TestX (0.00s)\n");
        assertThat(bare.normalisedMessage()).isEqualTo("Failed");
        assertThat(Signatures.of("Failed: expected 2 got 3", null, "").normalisedMessage())
                .as("a message with more than the word is kept").startsWith("Failed: expected");
    }

    @Test
    void rootCauseIsPartOfTheSignature() {
        String trace = "java.lang.RuntimeException: wrapped\n\tat com.acme.A.run(A.java:1)\nCaused by: %s: inner\n\tat com.acme.B.go(B.java:2)\n";
        ErrorSignature sql = Signatures.of("wrapped", null, trace.formatted("java.sql.SQLException"));
        ErrorSignature io = Signatures.of("wrapped", null, trace.formatted("java.io.IOException"));
        assertThat(sql.rootCauseType()).isEqualTo("java.sql.SQLException");
        assertThat(sql.hash()).isNotEqualTo(io.hash());
    }

    @Test
    void pythonFramesIgnoreLineNumbersAndPytestButNotTheFunction() {
        String trace = """
                self = <test_orders.TestOrders object at 0x7f3a2c1d0e50>
                  File "/home/runner/work/shop/tests/test_orders.py", line %d, in %s
                    assert total == 3
                  File "/usr/lib/python3/site-packages/_pytest/python.py", line %d, in pytest_pyfunc_call
                AssertionError: assert 4 == 3
                """;
        ErrorSignature a = Signatures.of(null, null, trace.formatted(10, "test_total", 194));
        ErrorSignature b = Signatures.of(null, null, trace.formatted(12, "test_total", 201));
        ErrorSignature c = Signatures.of(null, null, trace.formatted(10, "test_discount", 194));
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.hash()).isNotEqualTo(c.hash());
        assertThat(a.topFrames()).containsExactly("test_orders.py:test_total");
        assertThat(a.exceptionType()).isEqualTo("AssertionError");
    }

    @Test
    void javascriptFramesIgnoreLineColumnsAndNodeModules() {
        String trace = """
                Error: expect(received).toBe(expected)
                    at Object.<anonymous> (/builds/%s/src/cart.test.js:%d:19)
                    at Promise.then.completed (/builds/x/node_modules/jest-circus/build/utils.js:298:28)
                """;
        ErrorSignature a = Signatures.of("expect(received).toBe(expected)", null, trace.formatted("a", 12));
        ErrorSignature b = Signatures.of("expect(received).toBe(expected)", null, trace.formatted("b", 14));
        ErrorSignature c = Signatures.of("expect(received).toBe(expected)", null, trace.formatted("a", 12).replace("cart.test", "order.test"));
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.hash()).isNotEqualTo(c.hash());
        assertThat(a.topFrames()).containsExactly("cart.test.js:Object.<anonymous>");
    }

    @Test
    void legacyHashIsSha256OfMessageAndFirstFiveStackLines() throws Exception {
        String trace = "l1\nl2\nl3\nl4\nl5\nl6\n";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("boom|l1|l2|l3|l4|l5".getBytes(StandardCharsets.UTF_8)));
        assertThat(Signatures.of("boom", "X", trace).legacyHash()).isEqualTo(expected).matches("[0-9a-f]{64}");
        assertThat(Signatures.legacy(null, null)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("|".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aPassingTestHasNoSignature() {
        TestResult passed = new TestResult("S", "C", "t", "C.t", TestOutcome.PASSED, 0, null, null, null, false, 0, java.util.Map.of());
        assertThatThrownBy(() -> Signatures.of(passed)).isInstanceOf(IllegalArgumentException.class);
    }
}
