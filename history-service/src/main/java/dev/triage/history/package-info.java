/** The history service application. */
@NullMarked
package dev.triage.history;

import org.jspecify.annotations.NullMarked;
