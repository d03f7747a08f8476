/**
 * What people add to the history: comments with mentions, review states, classification overrides that the classifier
 * learns from, and manual history classifications. Each change and the event announcing it are one atomic write.
 */
@NullMarked
package dev.triage.history.feedback;

import org.jspecify.annotations.NullMarked;
