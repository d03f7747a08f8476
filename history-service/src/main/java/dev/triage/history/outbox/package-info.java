/**
 * The events of the history service travel in the outbox of the document whose change they announce (ADR 0004): the
 * change and the event are one atomic write, the event is published right after, and a sweeper publishes leftovers.
 */
@NullMarked
package dev.triage.history.outbox;

import org.jspecify.annotations.NullMarked;
