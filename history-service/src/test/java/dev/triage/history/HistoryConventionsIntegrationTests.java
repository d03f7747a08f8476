package dev.triage.history;

import dev.triage.testsupport.ServiceConventionsTests;
import dev.triage.testsupport.TriageIntegrationTest;

@TriageIntegrationTest
class HistoryConventionsIntegrationTests extends ServiceConventionsTests {
}
