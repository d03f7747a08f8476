/**
 * Kafka plumbing shared by every service: topic creation from the declared descriptors, one error handler with bounded
 * backoff and {@code <topic>.dlt} dead-letter topics, the request id in the log context of every consumed record, and
 * a publisher that always keys a record by its subject id.
 */
@NullMarked
package dev.triage.platform.kafka;

import org.jspecify.annotations.NullMarked;
