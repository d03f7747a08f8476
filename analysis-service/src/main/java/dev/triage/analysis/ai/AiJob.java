package dev.triage.analysis.ai;

import dev.triage.analysis.classify.Classification;
import dev.triage.analysis.classify.FailureEvidence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The AI side of one job: decides per failure group whether to call the AI, calls it (with peer debate when peers are
 * configured), and adds the AI's fields to the stored result. The worker thread waits for calls while renewing the
 * job's lease through {@code keepAlive}, which also stops the calls when the job is cancelled or taken over.
 *
 * <p>A group gets no call when its verdict was learned from people, when the same signature was analysed by the same
 * provider and model before (the cache), or when no configured provider was requested. Every failure of a call or of
 * its answer falls back to the verdict the job already had, with a note saying why.
 */
public final class AiJob implements AutoCloseable {

    /** How often the waiting worker renews its lease and looks for a cancel request. */
    static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(1);
    /** The rule name of verdicts learned from people, which never trigger a call. */
    static final String LEARNED = "learned";

    /** What a provider and its peers concluded on one signature. */
    private record Outcome(AiAnalysis analysis, @Nullable Document peerDebate, String source) {
    }

    /** A peer and the model it runs. */
    record Peer(String provider, String model) {
    }

    private final String jobId;
    private final @Nullable String provider;
    private final String model;
    private final @Nullable String note;
    private final List<Peer> peers;
    private final int maxRounds;
    private final @Nullable Duration timeout;
    private final @Nullable String extraInstructions;
    private final @Nullable AiWorkspace workspace;
    private final Runnable keepAlive;
    private final AiClassification owner;
    private final Map<String, Outcome> bySignature = new HashMap<>();
    private final List<CallRecord> calls = new ArrayList<>();
    private @Nullable ExecutorService executor;
    /**
     * The request's {@code max_concurrent_ai_calls}: this job's calls in flight at once, taken before a global slot
     * (so a job waiting on its own cap holds no slot); null when the request sets none. The global cap still applies.
     */
    private final @Nullable Semaphore jobCap;
    /** Why history could not be read for this job, once a lookup failed. */
    private @Nullable String historyUnavailable;

    AiJob(String jobId, @Nullable String provider, String model, @Nullable String note, List<Peer> peers, int maxRounds,
            @Nullable Duration timeout, @Nullable String extraInstructions, @Nullable AiWorkspace workspace, int maxConcurrentCalls,
            Runnable keepAlive, AiClassification owner) {
        this.jobCap = maxConcurrentCalls > 0 ? new Semaphore(maxConcurrentCalls) : null;
        this.jobId = jobId;
        this.provider = provider;
        this.model = model;
        this.note = note;
        this.peers = List.copyOf(peers);
        this.maxRounds = maxRounds;
        this.timeout = timeout;
        this.extraInstructions = extraInstructions;
        this.workspace = workspace;
        this.keepAlive = keepAlive;
        this.owner = owner;
    }

    /** The repositories this job would clone (tokens included, for tests); empty without any. */
    List<AiWorkspace.Repo> repositories() {
        return workspace == null ? List.of() : workspace.repos();
    }

    /** Whether this job calls an AI at all. */
    public boolean aiEnabled() {
        return provider != null;
    }

    /**
     * The verdict on one failure group.
     *
     * @param base the verdict without AI (learned or rules); returned as it is when no call is made
     */
    public Classification classify(String signature, FailureEvidence evidence, List<String> tests, Classification base) {
        return classify(signature, evidence, tests, tests, base);
    }

    /**
     * The verdict on one failure group.
     *
     * @param tests   the test names shown in the prompt
     * @param testIds the same tests' ids, by which their history is looked up (only when a call is made)
     * @param base    the verdict without AI (learned or rules); returned as it is when no call is made
     */
    public Classification classify(String signature, FailureEvidence evidence, List<String> tests, List<String> testIds,
            Classification base) {
        if (provider == null) {
            return base;
        }
        if (LEARNED.equals(base.rule())) {
            owner.metrics().verdict("learned");
            return base;
        }
        Outcome known = bySignature.get(signature);
        if (known != null) {
            return verdict(known);
        }
        Optional<AiVerdicts.Cached> cached = owner.verdicts().find(signature, provider, model, Instant.now());
        if (cached.isPresent()) {
            Outcome outcome = new Outcome(cached.get().analysis(), cached.get().peerDebate(), "cache");
            bySignature.put(signature, outcome);
            owner.metrics().verdict("cache");
            return verdict(outcome);
        }
        Prompts.Failure failure = new Prompts.Failure(signature, tests, evidence.exceptionType(), evidence.message(),
                evidence.stackTrace(), evidence.console());
        try {
            Outcome outcome = analyse(failure.withHistory(history(signature, testIds)));
            owner.verdicts().save(signature, provider, model, outcome.analysis(), outcome.peerDebate(), Instant.now(),
                    owner.cacheTtl());
            bySignature.put(signature, outcome);
            owner.metrics().verdict("ai");
            return verdict(outcome);
        } catch (AiCallFailed failed) {
            owner.metrics().verdict("fallback");
            return new Classification(base.category(), base.confidence(), base.rule(),
                    base.reason() + " (AI analysis unavailable: " + failed.getMessage() + "; classified by rules)");
        }
    }

    /**
     * The group's history for the prompt. After one failed lookup the rest of the job's groups skip it, so a history
     * service that is down costs a job one lookup timeout at most.
     */
    private HistoryFacts history(String signature, List<String> testIds) {
        if (historyUnavailable != null) {
            return HistoryFacts.unavailable(historyUnavailable);
        }
        HistoryFacts facts = owner.history().find(jobId, signature, testIds);
        historyUnavailable = facts.unavailable();
        return facts;
    }

    private Outcome analyse(Prompts.Failure failure) {
        String repositories = prepareWorkspace();
        AiCalls.Answer first = await(List.<Callable<AiCalls.Answer>>of(() -> call(provider(), model, "analysis",
                owner.prompts().analysis(failure, repositories, extraInstructions)))).getFirst();
        AiAnalysis main = owner.parser().analysis(first.text()).orElseThrow(() -> new AiCallFailed("invalid_answer",
                "the " + provider + " answer did not match the expected schema", false));
        if (peers.isEmpty()) {
            return new Outcome(main, null, "ai");
        }
        return debate(failure, main, repositories);
    }

    /**
     * Peers review in parallel; while any voting peer disagrees and rounds remain, the main AI revises. Peers whose
     * call or answer failed do not vote. The trail has the main analysis and every review of every round.
     */
    private Outcome debate(Prompts.Failure failure, AiAnalysis initial, @Nullable String repositories) {
        AiAnalysis main = initial;
        List<Document> rounds = new ArrayList<>();
        List<PeerVote> previous = List.of();
        boolean consensus = false;
        int round = 0;
        while (round < maxRounds) {
            round++;
            rounds.add(entry(round, provider(), model, "orchestrator", main.classification(), main.details(), null));
            AiAnalysis current = main;
            List<PeerVote> last = previous;
            List<Callable<PeerVote>> reviews = new ArrayList<>();
            for (Peer peer : peers) {
                List<String> others = last.stream().filter(v -> !v.peer().equals(peer) && v.review() != null)
                        .map(v -> "PEER (" + v.peer().provider() + "/" + v.peer().model() + "): " + v.review().classification()
                                + " - " + v.review().reasoning()).toList();
                reviews.add(() -> review(peer, failure, current, others, repositories));
            }
            List<PeerVote> votes = await(reviews);
            for (PeerVote vote : votes) {
                rounds.add(vote.review() == null
                        ? entry(round, vote.peer().provider(), vote.peer().model(), "peer", "", vote.failure(), null)
                        : entry(round, vote.peer().provider(), vote.peer().model(), "peer", vote.review().classification(),
                                vote.review().reasoning(), vote.review().agrees()
                                        && vote.review().classification().equals(main.classification())));
            }
            List<PeerVote> voting = votes.stream().filter(v -> v.review() != null).toList();
            String mainCategory = main.classification();
            consensus = !voting.isEmpty() && voting.stream()
                    .allMatch(v -> v.review().agrees() && v.review().classification().equals(mainCategory));
            if (consensus || round == maxRounds || voting.isEmpty()) {
                break;
            }
            StringBuilder feedback = new StringBuilder();
            voting.forEach(v -> feedback.append("PEER (").append(v.peer().provider()).append('/').append(v.peer().model())
                    .append("): ").append(v.review().agrees() ? "agrees" : "disagrees").append(", holds ")
                    .append(v.review().classification()).append(". ").append(v.review().reasoning()).append('\n'));
            try {
                AiCalls.Answer revised = await(List.<Callable<AiCalls.Answer>>of(() -> call(provider(), model,
                        "peer_revision", owner.prompts().revision(failure, current, feedback.toString(), repositories,
                                extraInstructions)))).getFirst();
                // an unusable revision keeps the analysis the peers just reviewed
                main = owner.parser().analysis(revised.text()).orElse(main);
            } catch (AiCallFailed failed) {
                // the main provider cannot revise now: the debate ends with the analysis it has
                break;
            }
            previous = votes;
        }
        Document trail = new Document("consensus_reached", consensus).append("rounds_used", round)
                .append("max_rounds", maxRounds)
                .append("ai_configs", peers.stream().map(p -> new Document("ai_provider", p.provider())
                        .append("ai_model", p.model())).toList())
                .append("rounds", rounds);
        return new Outcome(main, trail, "ai");
    }

    /** A peer's vote: its review, or why it has none. */
    private record PeerVote(Peer peer, @Nullable PeerReview review, String failure) {
    }

    private PeerVote review(Peer peer, Prompts.Failure failure, AiAnalysis main, List<String> others,
            @Nullable String repositories) throws InterruptedException {
        try {
            AiCalls.Answer answer = call(peer.provider(), peer.model(), "peer_review",
                    owner.prompts().review(failure, main, others, repositories, extraInstructions));
            return owner.parser().review(answer.text()).map(r -> new PeerVote(peer, r, ""))
                    .orElse(new PeerVote(peer, null, "The peer's answer did not match the expected schema"));
        } catch (AiCallFailed failed) {
            return new PeerVote(peer, null, failed.getMessage());
        }
    }

    private static Document entry(int round, String provider, String model, String role, String classification,
            String details, @Nullable Boolean agrees) {
        return new Document("round", round).append("ai_provider", provider).append("ai_model", model).append("role", role)
                .append("classification", classification).append("details", details)
                .append("agrees_with_orchestrator", agrees);
    }

    private AiCalls.Answer call(String providerName, String modelName, String callType, String prompt)
            throws InterruptedException {
        if (jobCap != null) {
            jobCap.acquire();
        }
        AiCalls.Answer answer;
        try {
            answer = owner.calls().call(jobId, providerName, modelName, callType, prompt, timeout,
                    workspace != null && workspace.hasRepos() ? workspace.root() : null);
        } finally {
            if (jobCap != null) {
                jobCap.release();
            }
        }
        synchronized (calls) {
            calls.add(answer.record());
        }
        return answer;
    }

    private @Nullable String prepareWorkspace() {
        if (workspace == null || !workspace.hasRepos()) {
            return null;
        }
        return await(List.<Callable<@Nullable String>>of(workspace::prepare)).getFirst();
    }

    /**
     * Runs the tasks in parallel and waits for all of them, renewing the job's lease meanwhile. When the lease is lost
     * or the job is cancelled, {@code keepAlive} throws and the unfinished tasks are interrupted (which kills their CLI
     * processes).
     */
    private <T> List<T> await(List<Callable<T>> tasks) {
        if (executor == null) {
            executor = Executors.newVirtualThreadPerTaskExecutor();
        }
        List<Future<T>> futures = tasks.stream().map(executor::submit).toList();
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> future : futures) {
                while (true) {
                    try {
                        results.add(future.get(KEEP_ALIVE_EVERY.toMillis(), TimeUnit.MILLISECONDS));
                        break;
                    } catch (TimeoutException e) {
                        keepAlive.run();
                    }
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiCallFailed("cancelled", "the job was interrupted", false);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AiCallFailed failed) {
                throw failed;
            }
            throw new AiCallFailed("error", "the AI call failed unexpectedly", false);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    private Classification verdict(Outcome outcome) {
        Document debate = outcome.peerDebate();
        double confidence = debate == null ? 0.8 : debate.getBoolean("consensus_reached", false) ? 0.9 : 0.65;
        String rule = "cache".equals(outcome.source()) ? "ai-cache" : "ai";
        return new Classification(outcome.analysis().classification(), confidence, rule, outcome.analysis().details());
    }

    private String provider() {
        if (provider == null) {
            throw new IllegalStateException("no AI provider for job " + jobId);
        }
        return provider;
    }

    /**
     * Adds the AI's part to a stored result: effective {@code ai_provider}/{@code ai_model}, per failure
     * {@code analysis.artifacts_evidence}, {@code code_fix}, {@code product_bug_report} and {@code peer_debate}, the
     * job's {@code token_usage}, and the note when the requested provider is not configured.
     */
    @SuppressWarnings("unchecked")
    public void decorate(Document result) {
        result.put("ai_provider", provider == null ? "" : provider);
        result.put("ai_model", provider == null ? "" : model);
        if (note != null) {
            result.put("summary", result.getString("summary") + ". " + note);
        }
        Object failures = result.get("failures");
        if (failures instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Document failure) {
                    Outcome outcome = bySignature.get(failure.getString("error_signature"));
                    Document analysis = failure.get("analysis", Document.class);
                    if (outcome == null || analysis == null) {
                        continue;
                    }
                    analysis.put("artifacts_evidence", outcome.analysis().artifactsEvidence());
                    if (outcome.analysis().codeFix() != null) {
                        analysis.put("code_fix", new Document(outcome.analysis().codeFix()));
                    }
                    if (outcome.analysis().productBugReport() != null) {
                        analysis.put("product_bug_report", new Document(outcome.analysis().productBugReport()));
                    }
                    failure.put("peer_debate", outcome.peerDebate());
                }
            }
        }
        result.put("token_usage", tokenUsage());
    }

    /** The job's {@code token_usage}: totals and one entry per call, or null when no call was made. */
    @Nullable Document tokenUsage() {
        List<CallRecord> made;
        synchronized (calls) {
            made = List.copyOf(calls);
        }
        if (made.isEmpty()) {
            return null;
        }
        AtomicLong input = new AtomicLong();
        AtomicLong output = new AtomicLong();
        AtomicLong cacheRead = new AtomicLong();
        AtomicLong cacheWrite = new AtomicLong();
        AtomicLong duration = new AtomicLong();
        Double cost = 0d;
        for (CallRecord call : made) {
            input.addAndGet(call.usage().inputTokens());
            output.addAndGet(call.usage().outputTokens());
            cacheRead.addAndGet(call.usage().cacheReadTokens());
            cacheWrite.addAndGet(call.usage().cacheWriteTokens());
            duration.addAndGet(call.durationMs());
            cost = cost == null || call.costUsd() == null ? null : cost + call.costUsd();
        }
        return new Document("total_input_tokens", input.get()).append("total_output_tokens", output.get())
                .append("total_cache_read_tokens", cacheRead.get()).append("total_cache_write_tokens", cacheWrite.get())
                .append("total_tokens", input.get() + output.get()).append("total_cost_usd", cost)
                .append("total_duration_ms", duration.get()).append("total_calls", made.size())
                .append("calls", made.stream().map(CallRecord::toResultEntry).toList());
    }

    /** Number of AI calls this job made so far. */
    public int callCount() {
        synchronized (calls) {
            return calls.size();
        }
    }

    /** Deletes the workspace; the verdicts stay available to {@link #decorate}. */
    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (workspace != null) {
            workspace.close();
        }
    }
}
