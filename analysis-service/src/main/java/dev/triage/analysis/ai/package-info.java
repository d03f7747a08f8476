/**
 * AI classification of failure groups, when an operator configures providers: the CLIs rootcoz drives (claude, gemini,
 * cursor agent; prompt on stdin, JSON out) and OpenAI-compatible chat-completions endpoints. Cost control lives here:
 * one call per new signature (a verdict cache with expiry), none for a signature people confirmed, a global cap on
 * calls in flight shared by all workers through the store, per-call timeouts, retries on transient errors only, a
 * circuit breaker per provider, and token and cost records per call. Peer debate lets other models review the main
 * answer. Any failure falls back to the rules' verdict with a note, never to a blank result.
 */
@NullMarked
package dev.triage.analysis.ai;

import org.jspecify.annotations.NullMarked;
