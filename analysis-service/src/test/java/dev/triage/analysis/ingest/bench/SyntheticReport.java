package dev.triage.analysis.ingest.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark report: a Surefire-style {@code <testsuites>} of {@code tests} testcases in suites of 50, every
 * tenth failing or erroring with a 60-frame stack trace (JUnit, reflection and application frames, varying timestamps
 * and ids), every testcase with system-out padded so the file reaches {@code targetBytes}. Deterministic: the same
 * arguments give the same bytes.
 */
public final class SyntheticReport {

    private SyntheticReport() {
    }

    public static Path write(Path file, int tests, int failures, long targetBytes) {
        String failureBody = failureBody(0);
        long fixed = (long) failures * (failureBody.length() + 200) + (long) tests * 110;
        int outputPerTest = (int) Math.max(0, (targetBytes - fixed) / tests);
        int every = Math.max(1, tests / Math.max(1, failures));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"synthetic\">\n");
            for (int i = 0; i < tests; i++) {
                if (i % 50 == 0) {
                    if (i > 0) {
                        w.write("  </testsuite>\n");
                    }
                    w.write("  <testsuite name=\"com.acme.module" + (i / 50) + ".GeneratedTest\" tests=\"50\" time=\"12.5\">\n");
                }
                String cls = "com.acme.module" + (i / 50) + ".GeneratedTest";
                w.write("    <testcase name=\"test" + i + "[param=" + (i % 7) + "]\" classname=\"" + cls + "\" time=\"0." + (i % 1000)
                        + "\">\n");
                if (i % every == every - 1 && i / every < failures) {
                    String kind = i % 3 == 0 ? "error" : "failure";
                    w.write("      <" + kind + " message=\"Order 3f2b8c1e-9a4d-4e2f-8b1a-" + String.format("%012x", i)
                            + " not found after " + (3000 + i % 17) + " ms on localhost:" + (40000 + i % 999)
                            + "\" type=\"java.lang.IllegalStateException\">");
                    w.write(failureBody(i));
                    w.write("</" + kind + ">\n");
                }
                w.write("      <system-out><![CDATA[");
                writeOutput(w, i, outputPerTest);
                w.write("]]></system-out>\n    </testcase>\n");
            }
            w.write("  </testsuite>\n</testsuites>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void writeOutput(BufferedWriter w, int test, int length) throws IOException {
        String line = "2024-06-17T10:15:30.123Z INFO  [worker-" + (test % 8) + "] c.a.o.OrderService - processed order "
                + test + " in 12 ms <ok> & done\n";
        int written = 0;
        while (written + line.length() <= length) {
            w.write(line);
            written += line.length();
        }
    }

    private static String failureBody(int i) {
        StringBuilder sb = new StringBuilder("java.lang.IllegalStateException: Order not found\n");
        sb.append("\tat com.acme.orders.OrderService.find(OrderService.java:").append(100 + i % 13).append(")\n");
        sb.append("\tat com.acme.orders.OrderService.place(OrderService.java:").append(40 + i % 5).append(")\n");
        sb.append("\tat com.acme.module.GeneratedTest.test").append(i % 20).append("(GeneratedTest.java:").append(i % 300).append(")\n");
        for (int f = 0; f < 57; f++) {
            sb.append(switch (f % 4) {
                case 0 -> "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n";
                case 1 -> "\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)\n";
                case 2 -> "\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:767)\n";
                default -> "\tat org.junit.jupiter.engine.execution.MethodInvocation.proceed(MethodInvocation.java:60)\n";
            });
        }
        return sb.toString();
    }
}
