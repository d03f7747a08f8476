/**
 * Job metadata: team, tier, version and labels per CI job name, stored or bulk-imported by people, and the rules
 * (glob or regex patterns from a file) that would assign metadata to a job name.
 */
@NullMarked
package dev.triage.history.metadata;

import org.jspecify.annotations.NullMarked;
