/**
 * Learning from people: when someone overrides a failure group's classification (the history service's
 * {@code ClassificationOverridden}), the verdict is remembered for that signature and offered for near-identical ones
 * (token similarity on the normalised message and top frames), so the next job with that failure gets it with the reason
 * "confirmed by <user> on <date>" and no AI call.
 */
@NullMarked
package dev.triage.analysis.learning;

import org.jspecify.annotations.NullMarked;
