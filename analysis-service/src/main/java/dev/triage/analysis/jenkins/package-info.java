/**
 * Reading Jenkins builds: build info, the JUnit test report, pipeline stages, the console (bounded, only the part
 * around errors kept), downstream builds followed to a configured depth, and artifacts (streamed, capped, archives
 * unpacked safely). Every call goes through the SSRF guard, is retried when Jenkins is briefly unavailable and runs
 * behind a circuit breaker per Jenkins host, so one slow Jenkins cannot stall jobs on another. Failures are
 * {@link dev.triage.analysis.jenkins.JenkinsException}s with a stable code people can act on.
 */
@NullMarked
package dev.triage.analysis.jenkins;

import org.jspecify.annotations.NullMarked;
