package dev.triage.analysis.ai;

import dev.triage.analysis.AnalysisProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configured providers and the way every AI call goes: take a global slot, pass the provider's circuit breaker,
 * ask, retry only transient failures (with a short backoff, inside the same slot), then record tokens, cost and
 * duration in {@code token_usage} and the metrics. Prompts and answers are never logged.
 */
@Component
class AiCalls {

    private static final Logger log = LoggerFactory.getLogger(AiCalls.class);
    /** Extra lease on a slot beyond the call's timeout, for the retries' backoff and the bookkeeping. */
    static final Duration SLOT_MARGIN = Duration.ofSeconds(30);
    static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

    /** One answered call. */
    record Answer(String text, CallRecord record) {
    }

    private final Map<String, AiProvider> providers = new LinkedHashMap<>();
    private final Map<String, AnalysisProperties.Provider> settings;
    private final AnalysisProperties.Ai ai;
    private final AiSlots slots;
    private final TokenUsageRecords usage;
    private final AiMetrics metrics;
    private final CircuitBreakerRegistry breakers;

    AiCalls(AnalysisProperties properties, AiSlots slots, TokenUsageRecords usage, AiMetrics metrics,
            CircuitBreakerRegistry breakers, JsonMapper json) {
        this.ai = properties.ai();
        this.settings = ai.providers();
        this.slots = slots;
        this.usage = usage;
        this.metrics = metrics;
        this.breakers = breakers;
        settings.forEach((name, p) -> providers.put(name, create(name, p, json)));
        if (!providers.isEmpty()) {
            log.info("AI providers configured: {} (at most {} calls at once across all workers)", providers.keySet(),
                    slots.cap());
        }
    }

    private static AiProvider create(String name, AnalysisProperties.Provider p, JsonMapper json) {
        if ("openai".equals(p.kind())) {
            String key = p.apiKeyEnv().isBlank() ? null : System.getenv(p.apiKeyEnv());
            return new OpenAiProvider(name, p.baseUrl(), key, p.model(), json);
        }
        if (!java.util.Set.of("claude", "gemini", "cursor").contains(p.kind())) {
            throw new IllegalStateException("triage.analysis.ai.providers." + name + ".kind must be claude, gemini, cursor"
                    + " or openai");
        }
        return new CliProvider(name, p.kind(), p.command(), p.args(), p.model(), json);
    }

    Optional<AiProvider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    Map<String, AiProvider> providers() {
        return providers;
    }

    /** The global cap on calls in flight. */
    int cap() {
        return slots.cap();
    }

    /**
     * One call.
     *
     * @param requestedTimeout a request's {@code ai_cli_timeout}, which may only lower the provider's
     * @throws AiCallFailed when no answer came (timeout, error, open breaker, no slot)
     * @throws InterruptedException when the job was cancelled while waiting
     */
    Answer call(String jobId, String providerName, String model, String callType, String prompt,
            @Nullable Duration requestedTimeout, @Nullable Path workdir) throws InterruptedException {
        AiProvider provider = providers.get(providerName);
        if (provider == null) {
            throw new AiCallFailed("error", "AI provider " + providerName + " is not configured", false);
        }
        Duration timeout = settings.get(providerName).timeout();
        if (requestedTimeout != null && requestedTimeout.compareTo(timeout) < 0) {
            timeout = requestedTimeout;
        }
        Instant start = Instant.now();
        int attempts = Math.max(1, ai.attempts());
        try (AiSlots.Slot slot = slots.acquire(timeout.multipliedBy(attempts).plus(SLOT_MARGIN), ai.slotWait())) {
            AiReply reply = null;
            for (int attempt = 1; reply == null; attempt++) {
                try {
                    Duration callTimeout = timeout;
                    reply = breaker(providerName).executeSupplier(() -> provider.ask(prompt, model, callTimeout, workdir));
                } catch (CallNotPermittedException e) {
                    throw new AiCallFailed("circuit_open", "Calls to " + providerName + " are paused after repeated failures",
                            false);
                } catch (AiCallFailed failed) {
                    if (!failed.isTransient() || attempt >= attempts) {
                        throw failed;
                    }
                    log.info("AI call to {} failed transiently ({}), trying again", providerName, failed.outcome());
                    Thread.sleep(RETRY_BACKOFF.toMillis() * attempt);
                }
            }
            CallRecord record = new CallRecord(UUID.randomUUID().toString(), jobId, providerName, model, callType,
                    reply.usage(), cost(providerName, reply.usage()), Duration.between(start, Instant.now()).toMillis(),
                    prompt.length(), reply.text().length(), Instant.now());
            usage.save(record);
            metrics.call(providerName, model, callType, "success", Duration.between(start, Instant.now()));
            metrics.usage(providerName, model, reply.usage(), record.costUsd() == null ? 0 : record.costUsd());
            return new Answer(reply.text(), record);
        } catch (AiCallFailed failed) {
            metrics.call(providerName, model, callType, failed.outcome(), Duration.between(start, Instant.now()));
            log.warn("AI call to {} ({}) for job {} failed: {}", providerName, callType, jobId, failed.getMessage());
            throw failed;
        }
    }

    private @Nullable Double cost(String providerName, Usage tokens) {
        if (tokens.reportedCostUsd() != null) {
            return tokens.reportedCostUsd();
        }
        AnalysisProperties.Provider p = settings.get(providerName);
        if (p.inputUsdPerMillion() == 0 && p.outputUsdPerMillion() == 0) {
            return null;
        }
        return ((tokens.inputTokens() + tokens.cacheReadTokens() + tokens.cacheWriteTokens()) * p.inputUsdPerMillion()
                + tokens.outputTokens() * p.outputUsdPerMillion()) / 1_000_000d;
    }

    /** One breaker per provider, opened by timeouts and errors (not by answers that fail validation). */
    private CircuitBreaker breaker(String providerName) {
        return breakers.circuitBreaker("ai-" + providerName, () -> CircuitBreakerConfig.custom()
                .failureRateThreshold(ai.circuitBreakerFailureRate()).slidingWindowSize(10).minimumNumberOfCalls(5)
                .waitDurationInOpenState(ai.circuitBreakerOpenFor()).build());
    }
}
