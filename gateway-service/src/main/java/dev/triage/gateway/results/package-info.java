/**
 * Results and job control: {@code GET /results/{job_id}} (202 while unfinished, 200 when finished, in the spec's
 * envelope), the list, deletes, cancel and the SSE progress stream with resume.
 */
@NullMarked
package dev.triage.gateway.results;

import org.jspecify.annotations.NullMarked;
