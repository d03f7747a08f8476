package dev.triage.analysis.ingest;

/** Report dialects, detected by the root element. */
public enum ReportFormat {
    /** JUnit/xUnit XML: {@code <testsuites>}, a bare {@code <testsuite>}, or another root holding testsuite/testcase elements. */
    JUNIT,
    /** NUnit 3 console result, root {@code <test-run>}. */
    NUNIT3,
    /** Robot Framework output.xml, root {@code <robot>}. */
    ROBOT,
    /** xUnit.net v2 XML, root {@code <assemblies>}. */
    XUNIT2,
    /** MSTest / dotnet test TRX, root {@code <TestRun>}. */
    TRX
}
