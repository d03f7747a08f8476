/**
 * The AI routes of the public API, served from the analysis service's configuration and records:
 * {@code /api/capabilities}, {@code /ai-configs}, {@code /api/admin/token-usage*}, and the submission check that decides
 * what happens to a request naming an AI provider that is not configured.
 */
@NullMarked
package dev.triage.gateway.ai;

import org.jspecify.annotations.NullMarked;
