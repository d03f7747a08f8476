/**
 * Test-report ingest engine: reads JUnit/xUnit XML (and, when asked, NUnit 3, Robot Framework, xUnit.net v2 and MSTest
 * TRX natively) into a {@link dev.triage.analysis.ingest.ParsedReport}, gives each failure an
 * {@link dev.triage.analysis.ingest.ErrorSignature}, and writes a report back with analysis properties added
 * ({@link dev.triage.analysis.ingest.ReportEnricher}).
 *
 * <p>Plain Java on purpose: no Spring, no Kafka, no DOM. Everything streams through StAX with DTDs and external entities
 * off, and every input is bounded by {@link dev.triage.analysis.ingest.IngestLimits}; bad input ends in a
 * {@link dev.triage.analysis.ingest.ReportException} with a stable code. Rules and limits are documented in
 * {@code docs/ingest.md}.
 */
@NullMarked
package dev.triage.analysis.ingest;

import org.jspecify.annotations.NullMarked;
