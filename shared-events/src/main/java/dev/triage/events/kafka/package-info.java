/**
 * Kafka serde for the contract: JSON by Jackson 3, the logical type name and schema version in headers, never a Java
 * class name. Unknown fields are ignored so that readers survive add-only evolution.
 */
package dev.triage.events.kafka;
