/** The notification service application. */
@NullMarked
package dev.triage.notification;

import org.jspecify.annotations.NullMarked;
