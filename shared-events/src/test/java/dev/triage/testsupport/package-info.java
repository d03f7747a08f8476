/**
 * Test support every service shares through this module's test-jar: {@link dev.triage.testsupport.TriageIntegrationTest}
 * starts a real KRaft Kafka broker per Spring context and points the context at a fresh database on one in-memory
 * MongoDB-compatible server per JVM.
 */
package dev.triage.testsupport;
