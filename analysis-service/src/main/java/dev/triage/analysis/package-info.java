/** The analysis service application. */
@NullMarked
package dev.triage.analysis;

import org.jspecify.annotations.NullMarked;
