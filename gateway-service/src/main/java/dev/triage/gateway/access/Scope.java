package dev.triage.gateway.access;

import java.util.Arrays;
import java.util.Optional;

/** What a principal may do. Roles grant sets of scopes; API tokens carry a subset of their owner's. */
public enum Scope {
    /** Submit analyses and re-analyses, cancel jobs. */
    ANALYSIS_WRITE("analysis:write"),
    /** Read results, their events, comments and review state. */
    RESULTS_READ("results:read"),
    /** Comment, review, override classifications. */
    RESULTS_WRITE("results:write"),
    /** Read failure history and statistics. */
    HISTORY_READ("history:read"),
    /** Classify tests in the history. */
    HISTORY_WRITE("history:write"),
    /** Preview and create tracker issues, validate tracker credentials. */
    TRACKERS_WRITE("trackers:write"),
    /** Change job metadata and its rules. */
    METADATA_WRITE("metadata:write"),
    /** Users, deletions, token usage: everything. */
    ADMIN("admin");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The name clients see and send, e.g. {@code results:read}. */
    public String wire() {
        return wire;
    }

    public static Optional<Scope> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst();
    }
}
