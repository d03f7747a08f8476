package dev.triage.notification;

import dev.triage.testsupport.ServiceConventionsTests;
import dev.triage.testsupport.TriageIntegrationTest;

@TriageIntegrationTest
class NotificationConventionsIntegrationTests extends ServiceConventionsTests {
}
