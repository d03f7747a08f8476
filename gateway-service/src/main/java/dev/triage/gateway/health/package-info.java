/** {@code GET /health}: healthy only when the gateway reaches Kafka, MongoDB and every other service. */
@NullMarked
package dev.triage.gateway.health;

import org.jspecify.annotations.NullMarked;
