package dev.triage.analysis.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisFailed;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.platform.kafka.PendingEvent;
import dev.triage.testsupport.TriageIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Events of a job this instance failed to settle are sent again by the job's key, without the sweep that reads every
 * result (it runs at start-up and then every 10 minutes, because on the embedded store it is a scan).
 */
@TriageIntegrationTest
class ResultOutboxRetryIntegrationTests {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    AnalysisResults results;

    @Autowired
    EventPublisher publisher;

    @Test
    void aJobWhoseEventsFailedHereIsSentAgainByKeyAndOnlyThat() {
        ResultOutbox outbox = new ResultOutbox(results, publisher);
        String marked = UUID.randomUUID().toString();
        String unmarked = UUID.randomUUID().toString();
        // stored now, so they become leftovers only after the grace: any start-up sweep of the context has passed by then
        store(marked);
        store(unmarked);

        outbox.markUnsettled(marked);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            outbox.retryUnsettled();
            return results.outboxOf(marked).isEmpty();
        });

        assertThat(publishedAbout(marked)).as("the event reached Kafka").isTrue();
        assertThat(results.outboxOf(unmarked)).as("a job nobody marked waits for the sweep").hasSize(1);
    }

    private void store(String jobId) {
        results.save(jobId, "failed", new Document("error", "probe"), null, List.of(PendingEvent.of(
                Topics.ANALYSIS_COMPLETED, AnalysisFailed.of("req", jobId, 1, "probe", "a probe of the retry", List.of()))));
    }

    private boolean publishedAbout(String jobId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "retry-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> keys = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ANALYSIS_COMPLETED.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> keys.add(r.key()));
                return keys.contains(jobId);
            });
        }
        return true;
    }
}
