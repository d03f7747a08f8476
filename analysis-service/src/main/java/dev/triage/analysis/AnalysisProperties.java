package dev.triage.analysis;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the analysis workers, under {@code triage.analysis}.
 *
 * @param workerConcurrency     listener threads per instance taking requests (partitions are shared out among them)
 * @param leaseTimeout          a claim on a job not renewed for this long may be taken by another worker
 * @param shutdownDrain         on shutdown, how long a worker keeps going on the job at hand before it releases the claim
 *                              for another worker (the request is not committed, so the group hands it on at once)
 * @param progressHold          how long a progress step waits to travel with the next ones; the steps of a job that
 *                              ends within it go inside its outcome event (zero sends every step at once)
 * @param outcomesBatchSize     per-test outcomes per history event
 * @param delayPerFailureGroup  an artificial wait per failure group, standing in for a slow AI call in benchmarks;
 *                              zero in production
 * @param maxFailuresStored     failures kept in one stored result (more are counted but not listed), so that a result
 *                              stays far below MongoDB's 16 MB document limit
 * @param classification        rules and learning (docs/classification.md)
 * @param ai                    AI providers and their cost control; without providers the workers classify by rules
 *                              and learned verdicts only
 * @param history               reading a failure group's history for the AI prompt
 * @param jenkins               reading Jenkins builds
 */
@ConfigurationProperties("triage.analysis")
public record AnalysisProperties(
        @DefaultValue("2") int workerConcurrency,
        @DefaultValue("2m") Duration leaseTimeout,
        @DefaultValue("8s") Duration shutdownDrain,
        @DefaultValue("250ms") Duration progressHold,
        @DefaultValue("500") int outcomesBatchSize,
        @DefaultValue("0s") Duration delayPerFailureGroup,
        @DefaultValue("5000") int maxFailuresStored,
        @DefaultValue ClassificationSettings classification,
        @DefaultValue Ai ai,
        @DefaultValue History history,
        @DefaultValue Jenkins jenkins) {

    /**
     * How failure groups are classified without AI.
     *
     * @param rulesFile          the operator's rules file (YAML, the shipped format); checked before the shipped rules.
     *                           A missing file means no operator rules
     * @param failOnInvalidRules true: an invalid operator file stops the service at start-up; false (default): it is
     *                           reported as an ERROR in the log and ignored, and the shipped rules are used
     * @param rulesCheckInterval how often the operator file is checked for changes; an edit takes effect without a restart
     * @param learning           verdicts learned from people's overrides
     */
    public record ClassificationSettings(
            @DefaultValue("./data/classification-rules.yml") String rulesFile,
            @DefaultValue("false") boolean failOnInvalidRules,
            @DefaultValue("10s") Duration rulesCheckInterval,
            @DefaultValue Learning learning) {
    }

    /**
     * Learning from overrides.
     *
     * @param enabled         false: overrides are still recorded, but classification uses the rules only
     * @param similarity      the token similarity (Jaccard, 0..1) from which another signature's verdict applies
     * @param maxIndexed      learned verdicts held in memory for similarity look-ups (the newest win); exact look-ups
     *                        read the store and have no limit
     * @param refreshInterval how often each instance reads verdicts learned by other instances into its similarity index
     */
    public record Learning(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.8") double similarity,
            @DefaultValue("20000") int maxIndexed,
            @DefaultValue("30s") Duration refreshInterval) {
    }

    /**
     * AI providers, under {@code triage.analysis.ai}. See docs/ai.md.
     *
     * @param providers             configured providers by the name requests use in {@code ai_provider} (rootcoz
     *                              clients send {@code claude}, {@code gemini} or {@code cursor})
     * @param maxConcurrentCalls    AI calls in flight at once across all workers of all instances (a lease-based
     *                              semaphore in the store)
     * @param slotWait              how long a call waits for a free slot before the group falls back to the rules
     * @param cacheTtl              how long an AI verdict on a signature is reused before the signature is analysed again
     * @param attempts              tries per call when the provider fails transiently (HTTP 429/5xx, connection errors)
     * @param circuitBreakerFailureRate failure percentage (of the last calls) that opens a provider's circuit breaker
     * @param circuitBreakerOpenFor how long an open circuit breaker refuses calls to its provider
     * @param rejectUnknownProvider when true a request naming a provider that is not configured is refused (400);
     *                              when false (the default) it is classified without AI and the result says so
     * @param peers                 server default peer reviewers ({@code peer_ai_configs} when a request omits it)
     * @param peerMaxRounds         server default of {@code peer_analysis_max_rounds}
     * @param promptStackChars      stack trace characters sent per failure group
     * @param promptMessageChars    error message characters sent per failure group
     * @param promptMaxTests        affected test names listed in a prompt
     * @param workspaceDir          where per-job clones of the tests repository go; empty: the system temp directory
     * @param cloneTimeout          time allowed for one shallow clone
     * @param repoTokenEnv          name of the environment variable holding the token for cloning private repositories
     *                              (the value is never logged, stored or written to disk)
     */
    public record Ai(
            @DefaultValue Map<String, Provider> providers,
            @DefaultValue("4") int maxConcurrentCalls,
            @DefaultValue("5m") Duration slotWait,
            @DefaultValue("30d") Duration cacheTtl,
            @DefaultValue("2") int attempts,
            @DefaultValue("50") float circuitBreakerFailureRate,
            @DefaultValue("60s") Duration circuitBreakerOpenFor,
            @DefaultValue("false") boolean rejectUnknownProvider,
            @DefaultValue List<Peer> peers,
            @DefaultValue("3") int peerMaxRounds,
            @DefaultValue("6000") int promptStackChars,
            @DefaultValue("4000") int promptMessageChars,
            @DefaultValue("30") int promptMaxTests,
            @DefaultValue("") String workspaceDir,
            @DefaultValue("2m") Duration cloneTimeout,
            @DefaultValue("") String repoTokenEnv) {
    }

    /**
     * The history service's internal API, read only when an AI call is about to be made (docs/ai.md).
     *
     * @param enabled        false: prompts say that history is unavailable and no lookup is made
     * @param baseUrl        the history service's internal address
     * @param connectTimeout time allowed to connect
     * @param timeout        time allowed for all lookups of one failure group together; after it the prompt says that
     *                       history is unavailable
     * @param maxTests       affected tests whose history is read per group (the first ones)
     */
    public record History(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://localhost:8083") URI baseUrl,
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("2s") Duration timeout,
            @DefaultValue("3") int maxTests) {
    }

    /**
     * One AI provider.
     *
     * @param kind                 {@code claude}, {@code gemini}, {@code cursor} (the CLIs, called as subprocesses with
     *                             the prompt on stdin) or {@code openai} (any OpenAI-compatible chat-completions endpoint)
     * @param command              the CLI to run; empty: {@code claude}, {@code gemini} or {@code agent} on the PATH
     * @param args                 extra CLI arguments, after the standard ones
     * @param baseUrl              base URL of an {@code openai} endpoint, e.g. {@code http://vllm:8000/v1}
     * @param apiKeyEnv            name of the environment variable with the endpoint's API key (never logged)
     * @param model                model used when a request names none
     * @param timeout              per-call timeout (a request's {@code ai_cli_timeout} may lower it)
     * @param inputUsdPerMillion   price of a million input tokens, for cost accounting when the provider reports none
     * @param outputUsdPerMillion  price of a million output tokens
     */
    public record Provider(
            @DefaultValue("claude") String kind,
            @DefaultValue("") String command,
            @DefaultValue List<String> args,
            @DefaultValue("") String baseUrl,
            @DefaultValue("") String apiKeyEnv,
            @DefaultValue("") String model,
            @DefaultValue("10m") Duration timeout,
            @DefaultValue("0") double inputUsdPerMillion,
            @DefaultValue("0") double outputUsdPerMillion) {
    }

    /**
     * A peer reviewer.
     *
     * @param aiProvider a configured provider name
     * @param aiModel    its model; empty: the provider's default
     */
    public record Peer(String aiProvider, @DefaultValue("") String aiModel) {
    }

    /**
     * The server's Jenkins defaults (a request's {@code jenkins_*} fields win) and the limits of reading a build.
     *
     * @param url               base URL of the default Jenkins; empty means every request must name one
     * @param user              user of the default Jenkins ({@code TRIAGE_JENKINS_USER}); empty for anonymous
     * @param password          its password or API token, from the environment only ({@code TRIAGE_JENKINS_PASSWORD})
     * @param sslVerify         verify TLS certificates
     * @param timeout           per call to Jenkins
     * @param maxAttempts       tries per call when Jenkins is unreachable, times out or answers 502/503/504/429
     * @param retryBackoff      wait before the second try (doubled for each further one)
     * @param allowedNetworks   internal networks (CIDR) that request-given Jenkins and artifact URLs may reach; by
     *                          default loopback, link-local and private ranges are refused ({@code TRIAGE_JENKINS_ALLOWED_NETWORKS})
     * @param childDepth        how deep downstream builds are followed; deeper ones get a note
     * @param maxChildren       failed downstream builds analysed per build
     * @param consoleMaxBytes   console text read per build (from its end when longer)
     * @param consoleKeepLines  lines kept around each error line, before and after
     * @param consoleMaxExcerpt characters of console kept per finding
     * @param artifactsMaxSize  default cap of downloaded artifacts per build
     * @param artifactsMaxFiles files taken from artifacts (entries of archives included)
     * @param maxPollInterval   longest wait between two looks at a running build, whatever the request asks
     * @param recheckInterval   how often every worker looks for waiting jobs whose next check is due
     */
    public record Jenkins(
            @DefaultValue("") String url,
            @DefaultValue("") String user,
            @DefaultValue("") String password,
            @DefaultValue("true") boolean sslVerify,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("500ms") Duration retryBackoff,
            @DefaultValue List<String> allowedNetworks,
            @DefaultValue("3") int childDepth,
            @DefaultValue("20") int maxChildren,
            @DefaultValue("5MB") DataSize consoleMaxBytes,
            @DefaultValue("15") int consoleKeepLines,
            @DefaultValue("4000") int consoleMaxExcerpt,
            @DefaultValue("50MB") DataSize artifactsMaxSize,
            @DefaultValue("200") int artifactsMaxFiles,
            @DefaultValue("60m") Duration maxPollInterval,
            @DefaultValue("5s") Duration recheckInterval) {

        /** The allowed networks without blanks (an empty environment variable binds as one empty entry). */
        public List<String> networks() {
            return allowedNetworks == null ? List.of() : allowedNetworks.stream().filter(s -> !s.isBlank()).toList();
        }
    }
}
