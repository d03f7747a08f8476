package dev.triage.analysis;

import dev.triage.testsupport.ServiceConventionsTests;
import dev.triage.testsupport.TriageIntegrationTest;

@TriageIntegrationTest
class AnalysisConventionsIntegrationTests extends ServiceConventionsTests {
}
