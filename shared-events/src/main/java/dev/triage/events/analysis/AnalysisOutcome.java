package dev.triage.events.analysis;

import dev.triage.events.TriageEvent;

/** How a job ended: {@link AnalysisCompleted} or {@link AnalysisFailed}. Failure is a value, never a missing event. */
public sealed interface AnalysisOutcome extends TriageEvent permits AnalysisCompleted, AnalysisFailed {

    /** The job this outcome ends. */
    String jobId();
}
