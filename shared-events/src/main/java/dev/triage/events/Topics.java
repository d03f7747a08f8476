package dev.triage.events;

import dev.triage.events.analysis.AnalysisOutcome;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.history.HistoryEvent;
import dev.triage.events.jobs.JobCancelRequested;
import java.util.List;

/** Every topic of the system, each declared once. */
public final class Topics {

    /** A job was registered and waits for a worker. Many partitions, so operators can run many analysis workers. */
    public static final Topic<AnalysisRequested> ANALYSIS_REQUESTED =
            Topic.of("triage.analysis.requested", AnalysisRequested.class, 12, Writer.GATEWAY);

    /** A worker moved a job to a new phase. */
    public static final Topic<AnalysisProgressed> ANALYSIS_PROGRESSED =
            Topic.of("triage.analysis.progressed", AnalysisProgressed.class, 12, Writer.ANALYSIS);

    /** A job ended: {@code AnalysisCompleted} or {@code AnalysisFailed}. */
    public static final Topic<AnalysisOutcome> ANALYSIS_COMPLETED =
            Topic.of("triage.analysis.completed", AnalysisOutcome.class, 12, Writer.ANALYSIS);

    /** Per-test outcomes of a finished job, in numbered batches, for the history read models. */
    public static final Topic<TestOutcomesRecorded> TEST_OUTCOMES =
            Topic.of("triage.analysis.test-outcomes", TestOutcomesRecorded.class, 12, Writer.ANALYSIS);

    /** Someone asked to cancel a job; the worker stops at its next phase boundary. */
    public static final Topic<JobCancelRequested> JOBS_CANCEL_REQUESTED =
            Topic.of("triage.jobs.cancel-requested", JobCancelRequested.class, 12, Writer.GATEWAY);

    /** What people did to failures (comments, reviews, overrides) and what the history found (regressions, flaky tests). */
    public static final Topic<HistoryEvent> HISTORY_EVENTS =
            Topic.of("triage.history.events", HistoryEvent.class, 12, Writer.HISTORY);

    private static final List<Topic<?>> ALL =
            List.of(ANALYSIS_REQUESTED, ANALYSIS_PROGRESSED, ANALYSIS_COMPLETED, TEST_OUTCOMES, JOBS_CANCEL_REQUESTED,
                    HISTORY_EVENTS);

    private Topics() {
    }

    /** Every declared topic, in declaration order. */
    public static List<Topic<?>> all() {
        return ALL;
    }
}
