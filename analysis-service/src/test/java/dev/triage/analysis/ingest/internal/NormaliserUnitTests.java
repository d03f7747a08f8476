package dev.triage.analysis.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormaliserUnitTests {

    @Test
    void aRepeatedMessageReadsTheSameAndSoDoMoreMessagesThanAreKept() {
        String message = "Connection refused to db-7:5432 at 2026-12-01T10:15:30Z";
        String normal = Normaliser.message(message);
        assertThat(normal).isEqualTo("Connection refused to db-<n>:5432 at <ts>");
        assertThat(Normaliser.message(message)).isEqualTo(normal);

        // past the bound the kept forms are dropped, not served for other messages
        for (int i = 0; i <= Normaliser.RECENT_ENTRIES; i++) {
            assertThat(Normaliser.message("worker" + i + " timed out after " + i + " ms"))
                    .isEqualTo("worker<n> timed out after <dur>");
        }
        assertThat(Normaliser.message(message)).isEqualTo(normal);
    }

    @Test
    void aLongMessageIsNormalisedWithoutBeingKept() {
        String message = "x".repeat(2000) + " at 10:15:30";
        assertThat(Normaliser.message(message)).endsWith(" at <ts>");
    }
}
