/** The tracker service application. */
@NullMarked
package dev.triage.tracker;

import org.jspecify.annotations.NullMarked;
