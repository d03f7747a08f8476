package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.analysis.ai.AiClassification;
import dev.triage.analysis.ai.AiJob;
import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.classify.Classifier;
import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.platform.kafka.PoisonMessageException;
import dev.triage.platform.mongo.PayloadStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Analysing one job: claim, read, group, classify, save with the outgoing events, publish.
 *
 * <p>Idempotent: a job with a stored result is not analysed again (its leftover events are published instead), a job
 * claimed by a live worker is skipped, and the result is inserted under the job id, so two workers racing after a
 * lease expiry cannot store two answers.
 */
@Service
public class AnalyzingJobs {

    private static final Logger log = LoggerFactory.getLogger(AnalyzingJobs.class);

    private final JobClaims claims;
    private final AnalysisResults results;
    private final ResultOutbox outbox;
    private final PayloadStore payloads;
    private final FailureSigner signer;
    private final ReportInputs reports;
    private final Classifier classifier;
    private final AnalysisMetrics metrics;
    private final AnalysisProperties settings;
    private final JsonMapper json;
    private final AiClassification ai;
    private final JenkinsInputs jenkins;
    private final JenkinsWaits waits;
    private final ProgressTimer progress;
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    AnalyzingJobs(JobClaims claims, AnalysisResults results, ResultOutbox outbox, PayloadStore payloads,
            FailureSigner signer, ReportInputs reports, AnalysisMetrics metrics,
            AnalysisProperties settings, JsonMapper json, Classifier classifier, AiClassification ai,
            JenkinsInputs jenkins, JenkinsWaits waits, ProgressTimer progress) {
        this.claims = claims;
        this.classifier = classifier;
        this.results = results;
        this.outbox = outbox;
        this.payloads = payloads;
        this.signer = signer;
        this.reports = reports;
        this.metrics = metrics;
        this.settings = settings;
        this.json = json;
        this.ai = ai;
        this.jenkins = jenkins;
        this.waits = waits;
        this.progress = progress;
    }

    /**
     * Handles one request.
     *
     * @return false when the request was a duplicate and nothing was done
     */
    public boolean analyze(AnalysisRequested request) {
        String jobId = request.jobId();
        Instant now = Instant.now();
        var claim = claims.claim(jobId, workerId, now, now.plus(settings.leaseTimeout()));
        if (claim.isEmpty()) {
            // finished, or held by a live worker: a duplicate; publish whatever a crash may have left unpublished
            if (results.exists(jobId)) {
                outbox.publish(jobId);
            }
            return false;
        }
        if (claim.get().attempt() > 1 && results.exists(jobId)) {
            // the previous holder stored the result and died (or failed) before marking the claim done
            claims.finish(jobId);
            metrics.job("recovered");
            outbox.publish(jobId);
            return false;
        }
        Run run = new Run(request, claim.get().attempt());
        List<PendingEvent> saved;
        try {
            if (claim.get().cancelled()) {
                throw JobFailure.cancelled();
            }
            saved = complete(run, request);
        } catch (JobFailure failure) {
            saved = fail(run, failure.code(), failure.getMessage());
        } catch (LeaseLostException lost) {
            log.warn("Lost the claim on job {} (lease ran out); another worker finishes it", jobId);
            return true;
        } catch (JenkinsInputs.StillBuilding waiting) {
            // no thread or partition is held while the build runs: the wait is stored and any worker re-checks it
            run.enter("waiting_for_jenkins", waiting.getMessage());
            run.finishPhase();
            run.steps.send();
            waits.park(jobId, json.writeValueAsString(request), waiting.nextCheckAt(), waiting.waitingSince());
            claims.release(jobId, workerId);
            return true;
        }
        // the events first, from memory: the caller waits for them, not for the bookkeeping after (a crash in between
        // leaves a claim whose next holder finds the result and only finishes it)
        if (saved.isEmpty()) {
            outbox.publish(jobId);
        } else {
            outbox.publish(jobId, saved);
        }
        claims.finish(jobId);
        if (request.kind() == AnalysisKind.JENKINS) {
            waits.forget(jobId);
        }
        return true;
    }

    /** Records a cancel request for the worker that holds (or will take) the job. */
    public void cancel(String jobId) {
        claims.cancel(jobId);
        waits.wakeUp(jobId, Instant.now());
    }

    /**
     * Analyses and stores the result; returns the events to send (those stored with it, the outcome also carrying the
     * result), or none when another attempt stored first.
     */
    private List<PendingEvent> complete(Run run, AnalysisRequested request) {
        if (request.kind() == AnalysisKind.JENKINS) {
            jenkins.awaitFinished(request, JenkinsWaits.since(waits.find(request.jobId())));
        }
        run.enter("analyzing", "Reading the input");
        AnalysisInput input = read(request);
        run.enter("grouping", input.failures().size() + " failed tests of " + input.totals().tests());
        List<List<FailureItem>> grouped = FailureGroup.bySignature(input.failures());
        run.enter("classifying", grouped.size() + " failure groups");
        List<FailureGroup> groups = new ArrayList<>();
        AiJob aiJob = ai.open(request, run::checkpoint);
        Classifier groupClassifier = classifier.forGroups(grouped.stream().map(g -> g.getFirst().signature()).toList());
        try {
            for (List<FailureItem> members : grouped) {
                FailureItem first = members.getFirst();
                var evidence = new FailureEvidence(first.testId(), first.exceptionType(), first.message(),
                        first.stackTrace(), first.console());
                var verdict = groupClassifier.classify(first.signature(), evidence);
                // AI, when the request names a configured provider and the verdict was not learned from people
                verdict = aiJob.classify(first.signature(), evidence, members.stream().map(FailureItem::testName).toList(),
                        members.stream().map(FailureItem::testId).toList(), verdict);
                groups.add(new FailureGroup(first.signature(), members, verdict));
                simulateSlowClassifier();
                run.checkpoint();
            }
        } finally {
            aiJob.close();
        }
        run.enter("saving", "Storing the result");
        String enrichedId = request.kind() == AnalysisKind.RAW_XML ? reports.enrich(request.payload(), groups) : null;
        Document result = ResultDocuments.completed(input.totals(), groups, request.parameters(), settings.maxFailuresStored());
        aiJob.decorate(result);
        if (input.jenkins() != null) {
            JenkinsResults.decorate(result, input.jenkins(), groups);
        }
        var completed = AnalysisCompleted.of(request.requestId(), request.jobId(), run.next(), input.totals(),
                groups.size(), ResultDocuments.classificationCounts(groups), ResultDocuments.summary(input.totals(), groups),
                run.steps.take());
        List<PendingEvent> events = new ArrayList<>();
        events.add(PendingEvent.of(Topics.ANALYSIS_COMPLETED, completed));
        events.addAll(outcomeBatches(request, input.outcomes()));
        run.finishPhase();
        boolean stored = results.save(request.jobId(), "completed", result, enrichedId, events);
        if (!stored && enrichedId != null) {
            payloads.delete(enrichedId);
        }
        metrics.job(stored ? "completed" : "superseded");
        if (!stored) {
            return List.of();
        }
        // the first send carries the result, so that the gateway answers a waiting request without fetching it; the
        // stored copy does not (a re-sent event has none), which keeps the result document half the size
        AnalysisResults.served(result, enrichedId, AnalysisCompleted.MAX_RESULT_CHARS).ifPresent(served ->
                events.set(0, PendingEvent.of(Topics.ANALYSIS_COMPLETED, completed.carrying(served))));
        return events;
    }

    private List<PendingEvent> fail(Run run, String code, String message) {
        var event = AnalysisFailed.of(run.request.requestId(), run.request.jobId(), run.next(), code, message,
                run.steps.take());
        List<PendingEvent> events = List.of(PendingEvent.of(Topics.ANALYSIS_COMPLETED, event));
        boolean stored = results.save(run.request.jobId(), "failed", ResultDocuments.failed(code, message), null, events);
        metrics.job(!stored ? "superseded" : "cancelled".equals(code) ? "cancelled" : "failed");
        return stored ? events : List.of();
    }

    private AnalysisInput read(AnalysisRequested request) {
        if (request.kind() == AnalysisKind.JENKINS) {
            return jenkins.read(request);
        }
        if (request.payload() == null) {
            throw new PoisonMessageException("request of job " + request.jobId() + " has no payload reference");
        }
        InputStream in = payloads.open(request.payload().id())
                .orElseThrow(() -> new JobFailure("payload_missing", "The job's input is no longer stored"));
        try (in) {
            return switch (request.kind()) {
                case FAILURES -> FailureListReader.read(in, json, signer);
                case RAW_XML -> reports.read(in, request.parameters());
                case JENKINS -> throw new IllegalStateException("Jenkins input is read above");
            };
        } catch (IOException e) {
            throw new JobFailure("payload_unreadable", "The job's input could not be read");
        }
    }

    private List<PendingEvent> outcomeBatches(AnalysisRequested request, List<TestOutcome> outcomes) {
        int size = Math.max(1, settings.outcomesBatchSize());
        int count = Math.max(1, (outcomes.size() + size - 1) / size);
        String jobName = stringParameter(request.parameters(), "job_name");
        Integer build = request.parameters().get("build_number") instanceof Number n ? n.intValue() : null;
        List<PendingEvent> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<TestOutcome> slice = outcomes.subList(Math.min(outcomes.size(), i * size),
                    Math.min(outcomes.size(), (i + 1) * size));
            batches.add(PendingEvent.of(Topics.TEST_OUTCOMES, TestOutcomesRecorded.of(request.requestId(), request.jobId(),
                    jobName, build, i + 1, count, slice)));
        }
        return batches;
    }

    private static @Nullable String stringParameter(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null ? null : value.toString();
    }

    private void simulateSlowClassifier() {
        if (!settings.delayPerFailureGroup().isZero()) {
            try {
                Thread.sleep(settings.delayPerFailureGroup());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw JobFailure.cancelled();
            }
        }
    }

    /** How often, at most, a running job renews its lease and looks for a cancel request. */
    static final Duration CHECKPOINT_EVERY = Duration.ofMillis(200);

    /** One attempt at one job: numbers its progress events and checks lease and cancellation at each phase. */
    private final class Run {
        private final AnalysisRequested request;
        private final int attempt;
        private final HeldProgress steps = progress.open();
        private long sequence;
        private @Nullable String phase;
        private Instant phaseStart = Instant.now();
        private @Nullable Instant lastCheck;

        Run(AnalysisRequested request, int attempt) {
            this.request = request;
            this.attempt = attempt;
            this.lastCheck = Instant.now();
        }

        long next() {
            return ++sequence;
        }

        void enter(String nextPhase, String message) {
            finishPhase();
            checkpoint();
            Instant now = Instant.now();
            phase = nextPhase;
            phaseStart = now;
            steps.add(AnalysisProgressed.of(request.requestId(), request.jobId(), next(), attempt, nextPhase, message));
        }

        /**
         * Between steps of work: renews the lease and stops here if the job was cancelled or taken over. Steps that
         * follow each other within {@link #CHECKPOINT_EVERY} share one check, so fast jobs pay one round trip per phase.
         */
        void checkpoint() {
            Instant now = Instant.now();
            if (lastCheck != null && Duration.between(lastCheck, now).compareTo(CHECKPOINT_EVERY) < 0) {
                return;
            }
            lastCheck = now;
            var claim = claims.renew(request.jobId(), workerId, now.plus(settings.leaseTimeout()));
            if (claim.isEmpty()) {
                throw new LeaseLostException();
            }
            if (claim.get().cancelled()) {
                throw JobFailure.cancelled();
            }
        }

        void finishPhase() {
            if (phase != null) {
                metrics.phase(phase, Duration.between(phaseStart, Instant.now()));
                phase = null;
            }
        }
    }

    /** Another worker took the job over after this one's lease ran out. */
    private static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super(null, null, false, false);
        }
    }
}
