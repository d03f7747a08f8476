/**
 * Readers, input guards and normalisation rules behind the ingest API. Not for use outside
 * {@code dev.triage.analysis.ingest}: names and shapes here change without notice.
 */
@NullMarked
package dev.triage.analysis.ingest.internal;

import org.jspecify.annotations.NullMarked;
