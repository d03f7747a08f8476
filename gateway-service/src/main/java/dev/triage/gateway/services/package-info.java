/**
 * Calls to the other services' internal APIs: {@code RestClient} with connect and read timeouts behind a resilience4j
 * circuit breaker per service, so that a service that is down gives a quick 503 with {@code Retry-After}, never a hang.
 */
@NullMarked
package dev.triage.gateway.services;

import org.jspecify.annotations.NullMarked;
