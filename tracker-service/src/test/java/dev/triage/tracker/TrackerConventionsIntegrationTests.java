package dev.triage.tracker;

import dev.triage.testsupport.ServiceConventionsTests;
import dev.triage.testsupport.TriageIntegrationTest;

@TriageIntegrationTest
class TrackerConventionsIntegrationTests extends ServiceConventionsTests {
}
