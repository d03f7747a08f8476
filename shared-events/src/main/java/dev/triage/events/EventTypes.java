package dev.triage.events;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.jobs.JobCancelRequested;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Logical event type names. The name travels in a Kafka header; a Java class name never does, so classes can move and
 * be renamed without breaking a topic.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends TriageEvent>> BY_NAME = Map.of(
            "analysis.requested", AnalysisRequested.class,
            "analysis.progressed", AnalysisProgressed.class,
            "analysis.completed", AnalysisCompleted.class,
            "analysis.failed", AnalysisFailed.class,
            "analysis.test-outcomes-recorded", TestOutcomesRecorded.class,
            "jobs.cancel-requested", JobCancelRequested.class);

    private static final Map<Class<? extends TriageEvent>, String> BY_CLASS = BY_NAME.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private EventTypes() {
    }

    /** The logical name of an event class; fails for a class that was never registered. */
    public static String nameOf(Class<? extends TriageEvent> type) {
        String name = BY_CLASS.get(type);
        if (name == null) {
            throw new IllegalArgumentException("not a registered event type: " + type.getName());
        }
        return name;
    }

    /** The class registered under a logical name, if any. */
    public static Optional<Class<? extends TriageEvent>> classOf(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** All logical names, for documentation and tests. */
    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }
}
