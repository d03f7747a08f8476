package dev.triage.history.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.events.analysis.TestOutcomesRecorded;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeListenerUnitTests {

    @Test
    void aPollIsLoggedWithTheRequestIdsOfItsBatchesEachOnceAndAtMostThree() {
        assertThat(OutcomeListener.requestIds(List.of(batch("req-1", "job-1", 1), batch("req-1", "job-1", 2))))
                .isEqualTo("req-1");
        assertThat(OutcomeListener.requestIds(List.of(batch("req-1", "job-1", 1), batch(null, "job-2", 1),
                batch("req-3", "job-3", 1)))).isEqualTo("req-1,req-3");
        assertThat(OutcomeListener.requestIds(List.of(batch("a", "j1", 1), batch("b", "j2", 1), batch("c", "j3", 1),
                batch("d", "j4", 1), batch("e", "j5", 1)))).isEqualTo("a,b,c,+2");
    }

    private static TestOutcomesRecorded batch(String requestId, String jobId, int number) {
        return TestOutcomesRecorded.of(requestId, jobId, "nightly", 1, number, 2, List.of());
    }
}
