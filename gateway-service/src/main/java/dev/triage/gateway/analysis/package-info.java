/**
 * Starting analyses: {@code POST /analyze-failures} (a failure list, or a JUnit report streamed into the payload store)
 * and {@code POST /re-analyze/{job_id}}. A job is registered as pending with its request event in its outbox, then
 * the event is published; the caller gets the result if it is ready within the configured wait, else 202.
 */
@NullMarked
package dev.triage.gateway.analysis;

import org.jspecify.annotations.NullMarked;
