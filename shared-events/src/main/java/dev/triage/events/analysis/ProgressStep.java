package dev.triage.events.analysis;

import java.time.Instant;

/**
 * A progress step that travels inside a job's outcome instead of as an {@link AnalysisProgressed} of its own: a worker
 * holds steps for a moment and sends those still held when the job ends, so a fast job costs one message, not one
 * per phase.
 *
 * @param sequence   as {@link AnalysisProgressed#sequence()}
 * @param attempt    as {@link AnalysisProgressed#attempt()}
 * @param phase      the phase entered
 * @param message    a line for the progress log people read
 * @param occurredAt when the worker entered the phase
 */
public record ProgressStep(long sequence, int attempt, String phase, String message, Instant occurredAt) {
}
