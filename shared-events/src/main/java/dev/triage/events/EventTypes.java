package dev.triage.events;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.events.history.CommentAdded;
import dev.triage.events.history.RegressionDetected;
import dev.triage.events.history.ReviewChanged;
import dev.triage.events.history.TestBecameFlaky;
import dev.triage.events.jobs.JobCancelRequested;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Logical event type names. The name travels in a Kafka header; a Java class name never does, so classes can move and
 * be renamed without breaking a topic.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends TriageEvent>> BY_NAME = Map.ofEntries(
            Map.entry("analysis.requested", AnalysisRequested.class),
            Map.entry("analysis.progressed", AnalysisProgressed.class),
            Map.entry("analysis.completed", AnalysisCompleted.class),
            Map.entry("analysis.failed", AnalysisFailed.class),
            Map.entry("analysis.test-outcomes-recorded", TestOutcomesRecorded.class),
            Map.entry("jobs.cancel-requested", JobCancelRequested.class),
            Map.entry("history.comment-added", CommentAdded.class),
            Map.entry("history.review-changed", ReviewChanged.class),
            Map.entry("history.classification-overridden", ClassificationOverridden.class),
            Map.entry("history.regression-detected", RegressionDetected.class),
            Map.entry("history.test-became-flaky", TestBecameFlaky.class));

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
