package dev.triage.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.Totals;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * When a job's request event leaves the outbox: with the write that finishes the job, or, for a job that does not
 * finish soon after Kafka acknowledged the request, with a write of its own. The settle time is long here, so that
 * only the finishing write can have emptied the outbox.
 */
@TriageIntegrationTest
@TestPropertySource(properties = "triage.gateway.analysis.request-settle=10m")
class JobOutboxIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    Jobs jobs;

    @Test
    void theWriteThatFinishesAJobEmptiesItsOutbox() throws Exception {
        String jobId = submit();
        // acknowledged (Kafka answers within milliseconds here), the request stays in the outbox of the unfinished job
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> jobs.find(jobId).orElseThrow().outbox().size() == 1);

        publisher.publish(Topics.ANALYSIS_COMPLETED, AnalysisCompleted.of("req", jobId, 2, new Totals(1, 0, 1, 0, 0, 0),
                1, Map.of("CODE ISSUE", 1), "1 failed test", List.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(jobId).orElseThrow().isFinished());
        assertThat(jobs.find(jobId).orElseThrow().outbox()).isEmpty();
    }

    private String submit() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/analyze-failures")).header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"failures\":[{\"test_name\":\"a.B.c\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("job_id").asString();
    }
}
