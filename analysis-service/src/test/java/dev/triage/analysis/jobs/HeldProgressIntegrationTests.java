package dev.triage.analysis.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisProgressed;
import dev.triage.events.analysis.ProgressStep;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Progress steps on the real broker: held steps that the job's end takes travel with the outcome and are never sent
 * on their own; steps of a job still running go out once the hold is over, in order; without a hold each goes at once.
 */
@TriageIntegrationTest
class HeldProgressIntegrationTests {

    private static final Duration HOLD = Duration.ofMillis(300);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Autowired
    EventPublisher publisher;

    private KafkaConsumer<String, String> progressed;
    private final List<String> seen = new ArrayList<>();

    @BeforeEach
    void watchTheTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "held-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        progressed = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        progressed.subscribe(List.of(Topics.ANALYSIS_PROGRESSED.name()));
    }

    @AfterEach
    void close() {
        progressed.close();
    }

    @Test
    void stepsTakenByTheOutcomeWithinTheHoldAreNeverSentOnTheirOwn() {
        String job = UUID.randomUUID().toString();
        HeldProgress steps = new ProgressTimer(publisher, HOLD).open();
        steps.add(step(job, 1, "analyzing"));
        steps.add(step(job, 2, "grouping"));

        assertThat(steps.take()).extracting(ProgressStep::phase).containsExactly("analyzing", "grouping");
        assertThat(steps.take()).as("taken once").isEmpty();
        await().during(HOLD.multipliedBy(2)).atMost(Duration.ofSeconds(10)).until(() -> {
            poll();
            return stepsOf(job).isEmpty();
        });
        // a marker on the same key (so the same partition), sent after the hold: reading it proves that nothing held
        // went out before it
        publisher.publish(Topics.ANALYSIS_PROGRESSED, step(job, 99, "marker"));
        awaitSteps(job, 1);
        assertThat(stepsOf(job)).containsExactly(job + ":99");
    }

    @Test
    void stepsOfAJobStillRunningGoOutAfterTheHoldInOrder() {
        String job = UUID.randomUUID().toString();
        HeldProgress steps = new ProgressTimer(publisher, HOLD).open();
        steps.add(step(job, 1, "analyzing"));
        steps.add(step(job, 2, "classifying"));

        awaitSteps(job, 2);
        assertThat(stepsOf(job)).containsExactly(job + ":1", job + ":2");
        assertThat(steps.take()).as("nothing left for the outcome").isEmpty();
    }

    @Test
    void withoutAHoldEveryStepIsSentAtOnce() {
        String job = UUID.randomUUID().toString();
        HeldProgress steps = new ProgressTimer(publisher, Duration.ZERO).open();
        steps.add(step(job, 1, "analyzing"));

        assertThat(steps.take()).isEmpty();
        awaitSteps(job, 1);
    }

    private AnalysisProgressed step(String job, long sequence, String phase) {
        return AnalysisProgressed.of("req", job, sequence, 1, phase, phase);
    }

    private void awaitSteps(String job, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return stepsOf(job).size() >= count;
        });
    }

    private void poll() {
        progressed.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.key() + ":" + sequenceOf(r.value())));
    }

    private List<String> stepsOf(String job) {
        return seen.stream().filter(s -> s.startsWith(job + ":")).toList();
    }

    private static String sequenceOf(String json) {
        int at = json.indexOf("\"sequence\":") + "\"sequence\":".length();
        return json.substring(at, json.indexOf(',', at)).trim();
    }
}
