package dev.triage.events.analysis;

/** What a job analyses. */
public enum AnalysisKind {
    /** A list of failures given by the client ({@code failures[]}). */
    FAILURES,
    /** A JUnit/xUnit (or NUnit, TRX, Robot, xUnit.net) report given as XML. */
    RAW_XML,
    /** A Jenkins build, fetched by the worker. */
    JENKINS
}
