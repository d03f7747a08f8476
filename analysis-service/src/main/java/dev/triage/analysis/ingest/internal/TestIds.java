package dev.triage.analysis.ingest.internal;

/** The canonical test id, shared by the parser and the enricher so both name a test the same way. */
public final class TestIds {

    private TestIds() {
    }

    /** {@code className.name}; {@code suite.name} when there is no class name; the bare name when there is neither. */
    public static String of(String suite, String className, String name) {
        String cls = className.strip();
        if (!cls.isEmpty()) {
            return cls + "." + name.strip();
        }
        String s = suite.strip();
        return s.isEmpty() ? name.strip() : s + "." + name.strip();
    }
}
