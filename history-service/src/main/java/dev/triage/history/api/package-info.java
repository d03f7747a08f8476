/**
 * The internal REST API under {@code /internal/...} that the gateway serves publicly with the spec's shapes. Names go
 * in query parameters (never in paths), are matched exactly and never become query operators or patterns.
 */
@NullMarked
package dev.triage.history.api;

import org.jspecify.annotations.NullMarked;
