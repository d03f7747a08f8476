/**
 * The job registry: one document per analysis job with its status, phase, progress log, request parameters (secrets
 * removed) and the events it still has to publish (its outbox). The gateway answers job status from here; results
 * themselves are owned by the analysis service.
 */
@NullMarked
package dev.triage.gateway.jobs;

import org.jspecify.annotations.NullMarked;
