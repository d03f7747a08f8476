package dev.triage.events.history;

import dev.triage.events.TriageEvent;

/** An event of the history service; the job it concerns is the subject id. */
public sealed interface HistoryEvent extends TriageEvent
        permits CommentAdded, ReviewChanged, ClassificationOverridden, RegressionDetected, TestBecameFlaky {

    /** The job the event concerns. */
    String jobId();

    @Override
    default String subjectId() {
        return jobId();
    }
}
