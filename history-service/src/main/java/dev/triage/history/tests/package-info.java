/**
 * Every test's story: one document per test (its recent runs, streak, failure rate, signatures, labels with their
 * evidence) and one per error signature, built from the per-test outcome batches of finished jobs.
 */
@NullMarked
package dev.triage.history.tests;

import org.jspecify.annotations.NullMarked;
