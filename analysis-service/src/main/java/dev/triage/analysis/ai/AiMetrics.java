package dev.triage.analysis.ai;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * {@code triage_ai_calls_total{provider,model,call_type,outcome}}, {@code triage_ai_call_seconds{provider,model}},
 * {@code triage_ai_tokens_total{provider,model,kind}}, {@code triage_ai_cost_usd_total{provider,model}} and
 * {@code triage_ai_verdicts_total{source}} (how each group that could have used AI was decided: {@code ai},
 * {@code cache}, {@code learned}, {@code fallback}).
 */
@Component
class AiMetrics {

    private final MeterRegistry registry;

    AiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void call(String provider, String model, String callType, String outcome, Duration took) {
        Counter.builder("triage.ai.calls").description("AI calls by outcome").tag("provider", provider).tag("model", model)
                .tag("call_type", callType).tag("outcome", outcome).register(registry).increment();
        Timer.builder("triage.ai.call").description("Duration of AI calls, including retries").tag("provider", provider)
                .tag("model", model).publishPercentileHistogram().register(registry).record(took);
    }

    void usage(String provider, String model, Usage usage, double costUsd) {
        tokens(provider, model, "input", usage.inputTokens());
        tokens(provider, model, "output", usage.outputTokens());
        tokens(provider, model, "cache_read", usage.cacheReadTokens());
        tokens(provider, model, "cache_write", usage.cacheWriteTokens());
        Counter.builder("triage.ai.cost.usd").description("Estimated AI cost in USD").tag("provider", provider)
                .tag("model", model).register(registry).increment(costUsd);
    }

    void verdict(String source) {
        Counter.builder("triage.ai.verdicts").description("Failure groups of AI-enabled jobs by where their verdict came from")
                .tag("source", source).register(registry).increment();
    }

    private void tokens(String provider, String model, String kind, long count) {
        Counter.builder("triage.ai.tokens").description("AI tokens by kind").tag("provider", provider).tag("model", model)
                .tag("kind", kind).register(registry).increment(count);
    }
}
