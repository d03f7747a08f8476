package dev.triage.gateway.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A user's role and the scopes it grants. */
public enum Role {
    /** Reads results and history. */
    VIEWER(EnumSet.of(Scope.RESULTS_READ, Scope.HISTORY_READ)),
    /** Also analyses, comments, reviews, classifies and files tracker issues. */
    USER(EnumSet.of(Scope.RESULTS_READ, Scope.HISTORY_READ, Scope.ANALYSIS_WRITE, Scope.RESULTS_WRITE,
            Scope.HISTORY_WRITE, Scope.TRACKERS_WRITE)),
    /** Also maintains job metadata. */
    MAINTAINER(EnumSet.of(Scope.RESULTS_READ, Scope.HISTORY_READ, Scope.ANALYSIS_WRITE, Scope.RESULTS_WRITE,
            Scope.HISTORY_WRITE, Scope.TRACKERS_WRITE, Scope.METADATA_WRITE)),
    /** Everything. */
    ADMIN(EnumSet.allOf(Scope.class));

    private final Set<Scope> scopes;

    Role(Set<Scope> scopes) {
        this.scopes = Set.copyOf(scopes);
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(name)).findFirst();
    }
}
