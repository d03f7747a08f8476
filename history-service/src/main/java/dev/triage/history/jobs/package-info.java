/**
 * Analysed jobs as the history sees them: one document per job (its failures, status, comments, reviews and
 * overrides) and the feeds that list the newest jobs overall and per job name, built from the analysis events.
 */
@NullMarked
package dev.triage.history.jobs;

import org.jspecify.annotations.NullMarked;
