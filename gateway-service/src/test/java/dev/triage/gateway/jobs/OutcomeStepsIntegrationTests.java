package dev.triage.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.ProgressStep;
import dev.triage.events.analysis.Totals;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What travels inside a job's outcome (ADR 0015): the progress steps the worker held, which the registry records in
 * order in the same write that finishes the job, with the job's start time, as if they had come one by one; and the
 * stored result, with which a request waiting on the job is answered without asking the analysis service (none runs
 * here). The write that finishes the job also empties its outbox: the settle time of an acknowledged request is long
 * here, so that only that write can have emptied it.
 */
@TriageIntegrationTest
@TestPropertySource(properties = "triage.gateway.analysis.request-settle=10m")
class OutcomeStepsIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    Jobs jobs;

    @Autowired
    JobWaiters waiters;

    @Test
    void stepsInsideTheOutcomeJoinTheProgressLogAndSetTheStart() throws Exception {
        String jobId = submitAsync();
        Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ProgressStep> steps = List.of(
                new ProgressStep(1, 1, "analyzing", "Reading the input", started),
                new ProgressStep(2, 1, "grouping", "1 failed tests of 1", started.plusMillis(2)),
                new ProgressStep(3, 1, "saving", "Storing the result", started.plusMillis(4)));

        publisher.publish(Topics.ANALYSIS_COMPLETED, AnalysisCompleted.of("req", jobId, 4, new Totals(1, 0, 1, 0, 0, 0),
                1, Map.of("CODE ISSUE", 1), "1 failed test", steps));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(jobId).orElseThrow().isFinished());
        Job job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.progressLog()).extracting(Job.ProgressEntry::phase)
                .containsSubsequence("analyzing", "grouping", "saving").endsWith("saving");
        assertThat(job.progressLog()).filteredOn(e -> e.phase().equals("grouping")).extracting(Job.ProgressEntry::timestamp)
                .containsExactly(started.plusMillis(2));
        assertThat(job.startedAt()).isEqualTo(started);
    }

    @Test
    void aWaitingRequestIsAnsweredWithTheResultTheOutcomeCarried() throws Exception {
        // no analysis service runs here: the only way to the result is inside the outcome
        String name = "handoff-" + java.util.UUID.randomUUID();
        var answer = HTTP.sendAsync(HttpRequest.newBuilder(uri("/analyze-failures")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"job_name\":\"" + name + "\",\"failures\":[{\"test_name\":\"a.B.c\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String jobId = await().atMost(Duration.ofSeconds(20)).until(() -> jobs.list(null, 50, 0).stream()
                .filter(j -> name.equals(j.requestParams().get("job_name"))).map(Job::id).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        // the job is listed before its request starts waiting; an outcome before that is fetched, not handed over
        await().atMost(Duration.ofSeconds(20)).until(() -> waiters.isAwaited(jobId));
        String stored = "{\"failures\":[{\"test_name\":\"a.B.c\",\"error\":\"carried by the outcome\"}],"
                + "\"summary\":\"1 failed test\"}";

        publisher.publish(Topics.ANALYSIS_COMPLETED, AnalysisCompleted.of("req", jobId, 2, new Totals(1, 0, 1, 0, 0, 0),
                1, Map.of("CODE ISSUE", 1), "1 failed test", List.of()).carrying(stored));

        HttpResponse<String> response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("carried by the outcome").contains(jobId);
    }

    @Test
    void theWriteThatFinishesAJobEmptiesItsOutbox() throws Exception {
        String jobId = submitAsync();
        // acknowledged (Kafka answers within milliseconds here), the request stays in the outbox of the unfinished job
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> jobs.find(jobId).orElseThrow().outbox().size() == 1);

        publisher.publish(Topics.ANALYSIS_COMPLETED, AnalysisCompleted.of("req", jobId, 2, new Totals(1, 0, 1, 0, 0, 0),
                1, Map.of("CODE ISSUE", 1), "1 failed test", List.of()));

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.find(jobId).orElseThrow().isFinished());
        assertThat(jobs.find(jobId).orElseThrow().outbox()).isEmpty();
    }

    /** A job of one failure, answered 202 at once; returns its id. */
    private String submitAsync() throws Exception {
        return JSON.readTree(send(HttpRequest.newBuilder(uri("/analyze-failures"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"failures\":[{\"test_name\":\"a.B.c\"}]}"))).body())
                .get("job_id").asString();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
