package dev.triage.analysis.ai;

import java.time.Instant;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One AI call as recorded in {@code token_usage} and in a result's {@code token_usage.calls}.
 *
 * @param callType      {@code analysis}, {@code peer_review} or {@code peer_revision}
 * @param costUsd       the provider's reported cost, else the configured prices times the tokens, else null
 * @param durationMs    wall time of the call, retries included
 */
record CallRecord(String id, String jobId, String provider, String model, String callType, Usage usage,
        @Nullable Double costUsd, long durationMs, int promptChars, int responseChars, Instant createdAt) {

    long totalTokens() {
        return usage.inputTokens() + usage.outputTokens();
    }

    Document toDocument() {
        return new Document("_id", id).append("job_id", jobId).append("ai_provider", provider).append("ai_model", model)
                .append("call_type", callType).append("input_tokens", usage.inputTokens())
                .append("output_tokens", usage.outputTokens()).append("cache_read_tokens", usage.cacheReadTokens())
                .append("cache_write_tokens", usage.cacheWriteTokens()).append("total_tokens", totalTokens())
                .append("cost_usd", costUsd).append("duration_ms", durationMs).append("prompt_chars", promptChars)
                .append("response_chars", responseChars).append("created_at", java.util.Date.from(createdAt));
    }

    /** The entry of a result's {@code token_usage.calls}. */
    Document toResultEntry() {
        return new Document("provider", provider).append("model", model).append("call_type", callType)
                .append("input_tokens", usage.inputTokens()).append("output_tokens", usage.outputTokens())
                .append("cache_read_tokens", usage.cacheReadTokens()).append("cache_write_tokens", usage.cacheWriteTokens())
                .append("total_tokens", totalTokens()).append("cost_usd", costUsd).append("duration_ms", durationMs);
    }
}
