/** The gateway service application. */
@NullMarked
package dev.triage.gateway;

import org.jspecify.annotations.NullMarked;
