/**
 * The public history routes: failure history, per-test and per-signature history, job statistics, classifications,
 * the dashboard, comments, reviews, classification overrides and job metadata. The history service owns the data;
 * these routes check the spec's limits, name the caller and pass the history service's answer on.
 */
@NullMarked
package dev.triage.gateway.history;

import org.jspecify.annotations.NullMarked;
