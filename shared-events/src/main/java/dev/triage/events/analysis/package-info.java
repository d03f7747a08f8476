/** Events of the analysis flow: a job requested, its progress, its outcome and the per-test results it produced. */
package dev.triage.events.analysis;
