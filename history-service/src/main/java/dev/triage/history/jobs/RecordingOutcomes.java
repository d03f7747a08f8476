package dev.triage.history.jobs;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisOutcome;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.Signatures.FailedBatch;
import dev.triage.history.tests.TestHistories;
import dev.triage.history.tests.TestHistories.JobOutcomes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Recording jobs' outcomes in the read models: each test's document, each signature's document, the job's document
 * and the feeds. Every step is idempotent on its own, so a batch redelivered after a crash halfway completes the
 * missing steps and repeats none. The batches of one Kafka poll are recorded together: each test and each signature
 * they touch is read once, gets the runs of every batch in order, and is written once, so a test that several jobs of
 * the poll ran costs one read and one write instead of one per job. The documents come out as recording the batches
 * one by one in the same order would leave them.
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
        return recordAll(List.of(batch)).getFirst();
    }

    /**
     * Records several batches, in order (per job, the order they were published in).
     *
     * @return for each batch, in order, false when the whole batch had been recorded before
     */
    public List<Boolean> recordAll(List<TestOutcomesRecorded> batches) {
        List<JobOutcomes> outcomes = new ArrayList<>(batches.size());
        List<FailedBatch> failed = new ArrayList<>(batches.size());
        List<List<TestOutcome>> failures = new ArrayList<>(batches.size());
        for (TestOutcomesRecorded batch : batches) {
            List<TestOutcome> named = batch.outcomes().stream().filter(o -> o.testId() != null && !o.testId().isBlank())
                    .toList();
            outcomes.add(new JobOutcomes(batch.jobId(), batch.jobName(), batch.buildNumber(), batch.occurredAt(),
                    batch.requestId() == null ? "" : batch.requestId(), named));
            List<TestOutcome> failing = named.stream()
                    .filter(o -> "failed".equals(o.outcome()) || "error".equals(o.outcome())).toList();
            failures.add(failing);
            Map<String, Set<String>> bySignature = new LinkedHashMap<>();
            for (TestOutcome f : failing) {
                if (f.signature() != null) {
                    bySignature.computeIfAbsent(f.signature(), s -> new LinkedHashSet<>()).add(f.testId());
                }
            }
            failed.add(new FailedBatch(batch.jobId(), batch.jobName(), batch.batch(), batch.occurredAt(), bySignature));
        }
        List<Boolean> changed = new ArrayList<>(tests.recordAll(outcomes));
        signatures.recordAll(failed);
        // failure rows are numbered from one counter, taken once for the poll
        long rows = failures.stream().mapToLong(List::size).sum();
        long nextRow = rows == 0 ? 0 : jobs.next("failure_row", Math.toIntExact(rows)) - rows + 1;
        // the feeds list each job once with its count after the poll, in the order the jobs first appear
        Map<String, @Nullable Long> counts = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            TestOutcomesRecorded batch = batches.get(i);
            var applied = jobs.applyBatch(batch.jobId(), batch.jobName(), batch.buildNumber(), batch.batch(),
                    failures.get(i), nextRow, batch.occurredAt());
            nextRow += failures.get(i).size();
            if (applied.isPresent()) {
                changed.set(i, true);
                counts.put(batch.jobId(), applied.get());
            } else {
                counts.putIfAbsent(batch.jobId(), null);
            }
            if (batch.jobName() != null) {
                names.put(batch.jobId(), batch.jobName());
            }
        }
        Map<String, Map<String, Long>> byFeed = new LinkedHashMap<>();
        counts.forEach((jobId, count) -> {
            long failureCount = count != null ? count : jobs.failureCount(jobId);
            byFeed.computeIfAbsent(JobFeeds.ALL, f -> new LinkedHashMap<>()).put(jobId, failureCount);
            String name = names.get(jobId);
            if (name != null) {
                byFeed.computeIfAbsent(JobFeeds.ofName(name), f -> new LinkedHashMap<>()).put(jobId, failureCount);
            }
        });
        feeds.putAll(byFeed);
        return changed;
    }

    /**
     * Records how a job ended. Idempotent: the same values are set again. A completed job is listed in the feeds by its
     * outcome batches (a worker sends at least one, empty when the job had no tests), whichever arrives first; a failed
     * job has none and is listed here, unless batches of an earlier attempt listed it.
     */
    public void record(AnalysisOutcome outcome) {
        switch (outcome) {
            case AnalysisCompleted c -> jobs.complete(c.jobId(), c.totals(), c.summary(), c.occurredAt());
            case AnalysisFailed f -> jobs.fail(f.jobId(), f.message(), f.occurredAt())
                    .ifPresent(failures -> feeds.put(JobFeeds.ALL, f.jobId(), failures));
        }
    }
}
