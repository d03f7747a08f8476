/**
 * The local all-in-one behind {@code ./triage up}: a real KRaft Kafka broker and the embedded MongoDB-compatible store
 * (H2 file) in this JVM, and the five services as child processes, each its own Spring Boot app as in production.
 * See docs/adr/0003-local-all-in-one.md for why processes and what they cost.
 */
package dev.triage.deploy.local;
