/**
 * The admin routes over the platform's dead letters: what each topic's {@code .dlt} holds and why, and re-driving
 * chosen records after a fix. Admin scope only (see the access table); the work is in
 * {@link dev.triage.platform.deadletters.DeadLetters}.
 */
@NullMarked
package dev.triage.gateway.deadletters;

import org.jspecify.annotations.NullMarked;
