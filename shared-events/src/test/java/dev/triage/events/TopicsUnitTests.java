package dev.triage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.events.analysis.AnalysisRequested;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TopicsUnitTests {

    @Test
    void topicNamesAreUniqueAndFollowTheNamingRule() {
        var names = new HashSet<String>();
        for (Topic<?> topic : Topics.all()) {
            assertThat(names.add(topic.name())).as(topic.name()).isTrue();
            assertThat(topic.name()).matches("triage\\.[a-z]+\\.[a-z-]+");
            assertThat(topic.keyType()).isEqualTo(String.class);
        }
    }

    @Test
    void theRequestTopicHasRoomForManyWorkers() {
        assertThat(Topics.ANALYSIS_REQUESTED.partitions()).isGreaterThanOrEqualTo(12);
        assertThat(Topics.ANALYSIS_REQUESTED.writer()).isEqualTo(Writer.GATEWAY);
        assertThat(Topics.ANALYSIS_REQUESTED.deadLetterName()).isEqualTo("triage.analysis.requested.dlt");
    }

    @Test
    void topicsOutsideTheNamespaceAreRejected() {
        assertThatThrownBy(() -> Topic.of("orders", AnalysisRequested.class, 1, Writer.GATEWAY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
