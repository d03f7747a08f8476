package dev.triage.gateway;

import dev.triage.testsupport.ServiceConventionsTests;
import dev.triage.testsupport.TriageIntegrationTest;

@TriageIntegrationTest
class GatewayConventionsIntegrationTests extends ServiceConventionsTests {
}
