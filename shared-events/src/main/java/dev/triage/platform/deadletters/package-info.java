/**
 * Dead letters for operators: lists what landed in a topic's {@code <topic>.dlt} with the reason the consumer gave up
 * (the exception headers the error handler wrote), and re-drives chosen records to their original topic once the
 * cause is fixed. Reading uses a short-lived consumer that assigns and seeks (no group, nothing committed), bounded in
 * count and time; a re-drive is recorded under the dead letter's coordinates, so the same record is published once
 * however often it is asked for. Any service may expose it; the gateway does, on its admin routes.
 */
@NullMarked
package dev.triage.platform.deadletters;

import org.jspecify.annotations.NullMarked;
