/**
 * The analysis worker: takes {@code AnalysisRequested} events, claims the job with a lease, reads the input by its
 * claim check, groups failures by signature, classifies each group, stores the result with its outgoing events in one
 * document and publishes them. Redelivered requests, crashed workers and cancellations are all handled here.
 */
@NullMarked
package dev.triage.analysis.jobs;

import org.jspecify.annotations.NullMarked;
