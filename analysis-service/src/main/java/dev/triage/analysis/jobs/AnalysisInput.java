package dev.triage.analysis.jobs;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import java.util.List;

/**
 * What a job's input amounts to, whatever its form.
 *
 * @param totals   test counts
 * @param outcomes every test's outcome, for history
 * @param failures the failed tests
 */
record AnalysisInput(Totals totals, List<TestOutcome> outcomes, List<FailureItem> failures) {
}
