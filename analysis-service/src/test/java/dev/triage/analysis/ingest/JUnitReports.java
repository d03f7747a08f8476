package dev.triage.analysis.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test fixtures in domain language: {@code aJUnitReport().suite("S").passing("C", "a").failing("C", "b", "boom").build()}. */
final class JUnitReports {

    private final StringBuilder body = new StringBuilder();
    private boolean suiteOpen;

    private JUnitReports() {
    }

    static JUnitReports aJUnitReport() {
        return new JUnitReports();
    }

    JUnitReports suite(String name) {
        closeSuite();
        body.append("  <testsuite name=\"").append(name).append("\">\n");
        suiteOpen = true;
        return this;
    }

    JUnitReports passing(String className, String name) {
        body.append("    <testcase classname=\"").append(className).append("\" name=\"").append(name).append("\" time=\"0.010\"/>\n");
        return this;
    }

    JUnitReports failing(String className, String name, String message) {
        return withCase(className, name, "<failure message=\"" + message + "\" type=\"java.lang.AssertionError\">java.lang.AssertionError: "
                + message + "\n\tat " + className + "." + name + "(Test.java:10)\n</failure>");
    }

    JUnitReports erroring(String className, String name, String type) {
        return withCase(className, name, "<error type=\"" + type + "\">" + type + "\n\tat " + className + "." + name + "(Test.java:11)\n</error>");
    }

    JUnitReports skipped(String className, String name) {
        return withCase(className, name, "<skipped/>");
    }

    JUnitReports withCase(String className, String name, String children) {
        body.append("    <testcase classname=\"").append(className).append("\" name=\"").append(name).append("\" time=\"1.5\">")
                .append(children).append("</testcase>\n");
        return this;
    }

    private void closeSuite() {
        if (suiteOpen) {
            body.append("  </testsuite>\n");
            suiteOpen = false;
        }
    }

    String build() {
        closeSuite();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n" + body + "</testsuites>\n";
    }

    InputStream stream() {
        return new ByteArrayInputStream(build().getBytes(StandardCharsets.UTF_8));
    }

    static InputStream xml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
