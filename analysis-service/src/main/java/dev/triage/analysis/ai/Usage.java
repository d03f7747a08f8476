package dev.triage.analysis.ai;

import org.jspecify.annotations.Nullable;

/**
 * Tokens one AI call used, as the provider reports them.
 *
 * @param inputTokens      prompt tokens (not counting cache reads)
 * @param outputTokens     answer tokens
 * @param cacheReadTokens  prompt tokens served from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the provider's cache
 * @param reportedCostUsd  the cost the provider reports, when it does (the claude CLI does)
 */
record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
        @Nullable Double reportedCostUsd) {

    static final Usage NONE = new Usage(0, 0, 0, 0, null);
}
