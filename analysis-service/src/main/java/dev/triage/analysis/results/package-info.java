/** The internal API of stored results, called by the gateway only (this port is not exposed publicly). */
@NullMarked
package dev.triage.analysis.results;

import org.jspecify.annotations.NullMarked;
