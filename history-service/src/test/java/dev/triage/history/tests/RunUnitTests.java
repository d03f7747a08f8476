package dev.triage.history.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class RunUnitTests {

    private static final Instant AT = Instant.parse("2026-12-01T10:15:30Z");

    @Test
    void aRunIsKeptAsAPositionalArrayAndReadBackWhole() {
        Run run = new Run("job-1", "nightly", 42, "failed", "sig-1", "expected 3", 1234, AT);

        List<Object> stored = run.toStored();

        assertThat(stored).containsExactly("job-1", "nightly", 42, "failed", "sig-1", "expected 3", 1234L, Date.from(AT));
        assertThat(Run.of(new ArrayList<>(stored))).isEqualTo(run);
        Run bare = new Run("job-2", null, null, "passed", null, null, 0, AT);
        assertThat(Run.of(bare.toStored())).isEqualTo(bare);
    }

    @Test
    void aRunKeptAsASubDocumentByEarlierVersionsIsStillRead() {
        Document old = new Document("job_id", "job-1").append("job_name", "nightly").append("build_number", 42)
                .append("outcome", "failed").append("signature", "sig-1").append("message", "expected 3")
                .append("duration_ms", 1234L).append("at", Date.from(AT));

        assertThat(Run.of(old)).isEqualTo(new Run("job-1", "nightly", 42, "failed", "sig-1", "expected 3", 1234, AT));
    }
}
