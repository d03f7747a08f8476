package dev.triage.deploy.bench;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Locale;

/** Generated inputs: failure lists and large JUnit reports, produced as streams so no copy is held in memory. */
public final class Workloads {

    private Workloads() {
    }

    /** A failure list with {@code failures} failures spread over {@code groups} root causes. */
    static String failureList(int failures, int groups, long seed) {
        StringBuilder json = new StringBuilder("{\"failures\":[");
        for (int i = 0; i < failures; i++) {
            int group = i % groups;
            if (i > 0) {
                json.append(',');
            }
            json.append(String.format(Locale.ROOT, "{\"test_name\":\"tests.bench.Suite%d.test_%d_%d\",\"error_message\":"
                    + "\"%s\",\"stack_trace\":\"%s\\n\\tat com.acme.Service%d.call(Service%d.java:%d)\\n\\tat tests.bench.Suite%d"
                    + ".test(Suite%d.java:%d)\"}", group, i, seed, message(group, i), message(group, i), group, group, 10 + i,
                    group, group, 20 + i));
        }
        return json.append("]}").toString();
    }

    private static String message(int group, int i) {
        return switch (group % 4) {
            case 0 -> "java.net.ConnectException: Connection refused to db-" + i + ":5432";
            case 1 -> "org.opentest4j.AssertionFailedError: expected: <200> but was: <500>";
            // a 7-digit id, which signatures treat as volatile: the group stays one root cause
            case 2 -> "java.lang.NullPointerException: order " + (4_000_000 + i) + " has no customer";
            default -> "java.util.concurrent.TimeoutException: timed out after " + (1000 + i) + " ms";
        };
    }

    /**
     * A JSON request whose {@code raw_xml} is a JUnit report of about {@code targetBytes} bytes with {@code tests}
     * testcases, one in ten failing; streamed piece by piece.
     */
    public static InputStream rawXmlRequest(long targetBytes, int tests) {
        long perTest = Math.max(200, targetBytes / tests);
        Enumeration<InputStream> parts = new Enumeration<>() {
            int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next <= tests;
            }

            @Override
            public InputStream nextElement() {
                String part;
                if (next == -1) {
                    part = "{\"raw_xml\":\"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-8\\\"?>\\n<testsuite name=\\\"bench\\\" tests=\\\""
                            + tests + "\\\">\\n";
                } else if (next == tests) {
                    part = "</testsuite>\\n\"}";
                } else {
                    part = testcase(next, perTest);
                }
                next++;
                return new java.io.ByteArrayInputStream(part.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    private static String testcase(int i, long bytes) {
        String head = "<testcase classname=\\\"com.acme.bench.Suite" + (i % 200) + "\\\" name=\\\"test" + i + "\\\" time=\\\"0.0"
                + (i % 10) + "\\\">";
        StringBuilder out = new StringBuilder(head);
        if (i % 10 == 0) {
            out.append("<failure message=\\\"expected:&lt;").append(i % 7).append("&gt; but was:&lt;0&gt;\\\" type=\\\"java.lang.AssertionError\\\">")
                    .append("java.lang.AssertionError: expected:&lt;").append(i % 7).append("&gt; but was:&lt;0&gt;\\n\\tat com.acme.bench.Suite")
                    .append(i % 200).append(".test").append(i).append("(Suite.java:").append(i % 300).append(")\\n</failure>");
        }
        out.append("<system-out>");
        int filler = (int) Math.max(0, bytes - out.length() - 40);
        out.append("x".repeat(filler));
        return out.append("</system-out></testcase>\\n").toString();
    }

}
