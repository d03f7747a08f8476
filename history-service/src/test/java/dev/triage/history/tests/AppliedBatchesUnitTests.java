package dev.triage.history.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AppliedBatchesUnitTests {

    @Test
    void aBatchIsRecordedOnceAndSurvivesTheRoundTripThroughTheStore() {
        AppliedBatches batches = AppliedBatches.of(null, 10);
        assertThat(batches.add("job-1#1")).isTrue();
        assertThat(batches.add("job-1#2")).isTrue();
        assertThat(batches.add("job-1#1")).isFalse();

        AppliedBatches stored = AppliedBatches.of(batches.toBson(), 10);
        assertThat(stored.size()).isEqualTo(2);
        assertThat(stored.add("job-1#2")).isFalse();
        assertThat(stored.add("job-2#1")).isTrue();
    }

    @Test
    void onlyTheNewestAreKeptAndTheOldestAreForgotten() {
        AppliedBatches batches = AppliedBatches.of(null, 3);
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(batches.add("job-" + i + "#1")).isTrue());

        assertThat(batches.size()).isEqualTo(3);
        assertThat(batches.add("job-5#1")).isFalse();
        assertThat(batches.add("job-3#1")).isFalse();
        // forgotten, so recorded again: the documented limit of a bounded memory
        assertThat(batches.add("job-1#1")).isTrue();
        assertThat(batches.size()).isEqualTo(3);
    }

    @Test
    void aListOfKeysWrittenByAnEarlierVersionIsReadAsTheirHashes() {
        AppliedBatches legacy = AppliedBatches.of(List.of("job-1#1", "job-2#1"), 1000);

        assertThat(legacy.size()).isEqualTo(2);
        assertThat(legacy.add("job-2#1")).isFalse();
        assertThat(legacy.add("job-3#1")).isTrue();
    }
}
