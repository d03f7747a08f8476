package dev.triage.history.jobs;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisOutcome;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.TestHistories;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Recording a job's outcomes in the read models: each test's document, each signature's document, the job's document
 * and the feeds. Every step is idempotent on its own, so a batch redelivered after a crash halfway completes the
 * missing steps and repeats none. The tests and the signatures of a batch are each read once and written in one bulk
 * write, so a batch costs a handful of store round trips whatever its size.
 */
@Service
public class RecordingOutcomes {

    private final TestHistories tests;
    private final Signatures signatures;
    private final JobHistories jobs;
    private final JobFeeds feeds;

    RecordingOutcomes(TestHistories tests, Signatures signatures, JobHistories jobs, JobFeeds feeds) {
        this.tests = tests;
        this.signatures = signatures;
        this.jobs = jobs;
        this.feeds = feeds;
    }

    /**
     * Records one batch.
     *
     * @return false when the whole batch had been recorded before
     */
    public boolean record(TestOutcomesRecorded batch) {
        String requestId = batch.requestId() == null ? "" : batch.requestId();
        List<TestOutcome> outcomes = batch.outcomes().stream().filter(o -> o.testId() != null && !o.testId().isBlank())
                .toList();
        boolean changed = tests.recordAll(outcomes, batch.jobId(), batch.jobName(), batch.buildNumber(), batch.occurredAt(),
                requestId) > 0;
        List<TestOutcome> failures = outcomes.stream()
                .filter(o -> "failed".equals(o.outcome()) || "error".equals(o.outcome())).toList();
        Map<String, Set<String>> bySignature = new LinkedHashMap<>();
        for (TestOutcome f : failures) {
            if (f.signature() != null) {
                bySignature.computeIfAbsent(f.signature(), s -> new LinkedHashSet<>()).add(f.testId());
            }
        }
        signatures.recordAll(bySignature, batch.jobId(), batch.jobName(), batch.batch(), batch.occurredAt());
        var applied = jobs.applyBatch(batch.jobId(), batch.jobName(), batch.buildNumber(), batch.batch(), failures,
                batch.occurredAt());
        long count = applied.orElseGet(() -> jobs.failureCount(batch.jobId()));
        feeds.put(JobFeeds.ALL, batch.jobId(), count);
        if (batch.jobName() != null) {
            feeds.put(JobFeeds.ofName(batch.jobName()), batch.jobId(), count);
        }
        return changed || applied.isPresent();
    }

    /** Records how a job ended. Idempotent: the same values are set again. */
    public void record(AnalysisOutcome outcome) {
        switch (outcome) {
            case AnalysisCompleted c -> jobs.finish(c.jobId(), "completed", c.totals(), c.summary(), null, c.occurredAt());
            case AnalysisFailed f -> jobs.finish(f.jobId(), "failed", null, null, f.message(), f.occurredAt());
        }
        feeds.put(JobFeeds.ALL, outcome.jobId(), jobs.failureCount(outcome.jobId()));
    }
}
