/**
 * Events the history service publishes on {@code triage.history.events}: what people did to a job's failures (comments,
 * reviews, classification overrides) and what the history found out (regressions, flaky tests). Every event is keyed
 * by the job it concerns, so all facts about one job stay in order.
 */
package dev.triage.events.history;
