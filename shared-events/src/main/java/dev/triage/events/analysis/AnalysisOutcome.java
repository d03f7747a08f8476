package dev.triage.events.analysis;

import dev.triage.events.TriageEvent;
import java.util.List;

/** How a job ended: {@link AnalysisCompleted} or {@link AnalysisFailed}. Failure is a value, never a missing event. */
public sealed interface AnalysisOutcome extends TriageEvent permits AnalysisCompleted, AnalysisFailed {

    /** The job this outcome ends. */
    String jobId();

    /** Progress steps that travel with the outcome (held by the worker, not sent on their own), oldest first. */
    List<ProgressStep> steps();
}
