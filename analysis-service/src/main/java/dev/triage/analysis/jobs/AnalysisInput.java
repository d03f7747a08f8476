package dev.triage.analysis.jobs;

import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.Totals;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a job's input amounts to, whatever its form.
 *
 * @param totals   test counts
 * @param outcomes every test's outcome, for history
 * @param failures the failed tests
 * @param jenkins  where the failures came from when the input is a Jenkins build (for the result's Jenkins fields)
 */
record AnalysisInput(Totals totals, List<TestOutcome> outcomes, List<FailureItem> failures, @Nullable JenkinsSource jenkins) {

    AnalysisInput(Totals totals, List<TestOutcome> outcomes, List<FailureItem> failures) {
        this(totals, outcomes, failures, null);
    }
}
