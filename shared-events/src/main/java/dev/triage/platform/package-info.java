/**
 * What every Triage service starts with, as Spring Boot auto-configuration: defaults in {@code triage-defaults.properties}
 * (actuator exposure, Kafka serde, log pattern with the request id), Kafka error handling with dead-letter topics, the
 * request id filter and error body, and a MongoDB health check that works on real MongoDB and the embedded store.
 */
@NullMarked
package dev.triage.platform;

import org.jspecify.annotations.NullMarked;
