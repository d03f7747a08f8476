package dev.triage.history.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppliedBatchesUnitTests {

    @Test
    void remembersTheNewestKeysUpToTheLimitAndSurvivesStorage() {
        AppliedBatches applied = AppliedBatches.of(null);
        for (int job = 1; job <= 5; job++) {
            applied = AppliedBatches.of(applied.with(AppliedBatches.key("job-" + job, 1), 3).toBinary());
        }
        assertThat(applied.size()).isEqualTo(3);
        assertThat(applied.toBinary().getData()).hasSize(3 * AppliedBatches.HASH_BYTES);
        assertThat(applied.contains(AppliedBatches.key("job-5", 1))).isTrue();
        assertThat(applied.contains(AppliedBatches.key("job-3", 1))).isTrue();
        assertThat(applied.contains(AppliedBatches.key("job-2", 1))).as("dropped as the oldest").isFalse();
        assertThat(applied.contains(AppliedBatches.key("job-5", 2))).as("another batch of the same job").isFalse();
    }

    @Test
    void readsTheKeysOfADocumentWrittenBeforeHashes() {
        AppliedBatches legacy = AppliedBatches.of(List.of("old-1#1", "old-2#1"));
        assertThat(legacy.contains(AppliedBatches.key("old-2", 1))).isTrue();
        assertThat(legacy.contains(AppliedBatches.key("old-3", 1))).isFalse();
        assertThat(AppliedBatches.of(legacy.toBinary().getData()).contains(AppliedBatches.key("old-1", 1))).isTrue();
    }
}
