package dev.triage.analysis.ai;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.events.analysis.AnalysisRequested;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entry point of the AI layer for the analysis workers: {@link #open} reads a request's AI options ({@code ai_provider},
 * {@code ai_model}, {@code peer_ai_configs}, {@code peer_analysis_max_rounds}, {@code ai_cli_timeout},
 * {@code raw_prompt}, {@code max_concurrent_ai_calls}, {@code tests_repo_url}, {@code additional_repos}) into an
 * {@link AiJob}.
 *
 * <p>A request naming a provider that is not configured is still classified, by rules and learned verdicts, and its
 * result says so ({@code ai_provider} empty and a note in {@code summary}); rootcoz clients send {@code claude} by
 * default, so refusing them would break them. Operators who prefer a refusal set
 * {@code triage.analysis.ai.reject-unknown-provider}, which the gateway enforces at submission.
 */
@Service
public class AiClassification {

    private final AnalysisProperties.Ai settings;
    private final AiCalls calls;
    private final AiVerdicts verdicts;
    private final AiMetrics metrics;
    private final Prompts prompts;
    private final AnswerParser parser;
    private final HistoryLookup history;
    private final SealedRepoTokens repoTokens;

    AiClassification(AnalysisProperties properties, AiCalls calls, AiVerdicts verdicts, AiMetrics metrics, JsonMapper json,
            HistoryLookup history, SealedRepoTokens repoTokens) {
        this.history = history;
        this.repoTokens = repoTokens;
        this.settings = properties.ai();
        this.calls = calls;
        this.verdicts = verdicts;
        this.metrics = metrics;
        this.prompts = new Prompts(settings.promptStackChars(), settings.promptMessageChars(), settings.promptMaxTests());
        this.parser = new AnswerParser(json);
    }

    /**
     * The AI side of one job. Close it when the groups are classified (it deletes the job's workspace).
     *
     * @param keepAlive called while waiting for AI calls: renews the job's lease and throws to stop when the job was
     *                  cancelled or taken over
     */
    public AiJob open(AnalysisRequested request, Runnable keepAlive) {
        Map<String, Object> parameters = request.parameters();
        String requested = text(parameters.get("ai_provider"));
        if (requested == null) {
            return new AiJob(request.jobId(), null, "", null, List.of(), 0, null, null, null, 0, keepAlive, this);
        }
        var provider = calls.provider(requested);
        if (provider.isEmpty()) {
            String note = "AI provider \"" + requested + "\" is not configured on this server, so the failures were"
                    + " classified by rules and learned verdicts only";
            return new AiJob(request.jobId(), null, "", note, List.of(), 0, null, null, null, 0, keepAlive, this);
        }
        String model = text(parameters.get("ai_model"));
        model = model != null ? model : provider.get().defaultModel();
        int rounds = parameters.get("peer_analysis_max_rounds") instanceof Number n ? Math.clamp(n.intValue(), 1, 10)
                : Math.max(1, settings.peerMaxRounds());
        Duration timeout = parameters.get("ai_cli_timeout") instanceof Number n && n.intValue() > 0
                ? Duration.ofMinutes(n.intValue()) : null;
        List<AiWorkspace.Repo> repos = repoTokens.withTokens(request, AiWorkspace.requested(parameters));
        AiWorkspace workspace = repos.isEmpty() ? null : new AiWorkspace(workspaceRoot(request.jobId()), repos,
                settings.repoTokenEnv().isBlank() ? null : System.getenv(settings.repoTokenEnv()), settings.cloneTimeout());
        // the request may lower the calls in flight for its own job; the server's global cap is never raised by it
        int jobCap = Math.min(Math.max(0, whole(parameters.get("max_concurrent_ai_calls"))), calls.cap());
        return new AiJob(request.jobId(), requested, model, null, peers(parameters), rounds, timeout,
                text(parameters.get("raw_prompt")), workspace, jobCap, keepAlive, this);
    }

    /** Whether a provider of this name is configured. */
    public boolean configured(String provider) {
        return calls.provider(provider).isPresent();
    }

    /** The request's peers, or the server default when it names none; peers that are not configured are left out. */
    private List<AiJob.Peer> peers(Map<String, Object> parameters) {
        List<AiJob.Peer> peers = new ArrayList<>();
        if (parameters.containsKey("peer_ai_configs")) {
            if (parameters.get("peer_ai_configs") instanceof List<?> list) {
                for (Object entry : list) {
                    if (entry instanceof Map<?, ?> m && m.get("ai_provider") instanceof String name) {
                        addPeer(peers, name, m.get("ai_model") instanceof String model ? model : "");
                    }
                }
            }
        } else {
            settings.peers().forEach(p -> addPeer(peers, p.aiProvider(), p.aiModel()));
        }
        return peers;
    }

    private void addPeer(List<AiJob.Peer> peers, String name, String model) {
        calls.provider(name).ifPresent(p -> peers.add(new AiJob.Peer(name, model.isBlank() ? p.defaultModel() : model)));
    }

    private Path workspaceRoot(String jobId) {
        Path base = settings.workspaceDir().isBlank() ? Path.of(System.getProperty("java.io.tmpdir"))
                : Path.of(settings.workspaceDir());
        String safeId = jobId.replaceAll("[^A-Za-z0-9_-]", "_");
        return base.resolve("triage-ai-" + safeId + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A whole number from JSON or from a query parameter (a plain XML upload sends text); 0 when it is neither. */
    private static int whole(@Nullable Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return value == null ? 0 : Integer.parseInt(value.toString().strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    AiCalls calls() {
        return calls;
    }

    AiVerdicts verdicts() {
        return verdicts;
    }

    AiMetrics metrics() {
        return metrics;
    }

    Prompts prompts() {
        return prompts;
    }

    AnswerParser parser() {
        return parser;
    }

    HistoryLookup history() {
        return history;
    }

    Duration cacheTtl() {
        return settings.cacheTtl();
    }
}
