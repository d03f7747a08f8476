package dev.triage.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.analysis.AnalysisApplication;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.Jobs;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scaling analysis workers in and out under load loses and duplicates no job: workers join and leave the consumer
 * group while jobs run; a stopping worker either finishes the job at hand or gives its claim back so that the next
 * worker takes it at once. Every job ends completed, analysed to completion exactly once, and none waits for a lease to
 * run out or for the gateway to re-issue it.
 */
class WorkerScalingIntegrationTests {

    static final int JOBS = 60;
    static TriageSystem system;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() {
        system = TriageSystem.start(Map.of(
                // about a second per job (5 failure groups), so that workers come and go while jobs are running
                "triage.analysis.delay-per-failure-group", "200ms",
                // the first worker gives a running job back at once when it stops
                "triage.analysis.shutdown-drain", "0s",
                // long enough that neither an expired lease nor the gateway's re-issue could hide a job left behind
                "triage.gateway.analysis.lease-timeout", "10m"));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void workersJoinAndLeaveUnderLoadAndEveryJobCompletesExactlyOnce() throws Exception {
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            StringBuilder failures = new StringBuilder();
            for (int g = 0; g < 5; g++) {
                failures.append(g == 0 ? "" : ",").append("{\"test_name\":\"scale.Job").append(i).append(".t").append(g)
                        .append("\",\"error_message\":\"failure kind ").append((char) ('A' + g)).append(" of group ")
                        .append(g).append("\"}");
            }
            HttpResponse<String> queued = post("{\"failures\":[" + failures + "]}");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
            jobIds.add(json.readTree(queued.body()).get("job_id").asString());
        }
        Jobs jobs = system.bean("gateway-service", Jobs.class);
        Map<String, MeterRegistry> workers = new LinkedHashMap<>();
        workers.put("a", system.bean("analysis-service", MeterRegistry.class));

        // scale out: a second worker joins the group while the first is busy
        workers.put("b", worker("b", "10s").getBean(MeterRegistry.class));
        await().atMost(Duration.ofSeconds(60)).until(() -> finished(jobs, jobIds) >= 10);

        // scale in: the first worker stops mid-way and gives back the job at hand (drain 0s)
        long beforeFirstStop = finished(jobs, jobIds);
        system.stopService("analysis-service");
        assertThat(beforeFirstStop).as("jobs left when the first worker stopped").isLessThan(JOBS);

        // scale out again, then in: the second worker stops and finishes the job at hand (drain 10s)
        workers.put("c", worker("c", "10s").getBean(MeterRegistry.class));
        long beforeSecondStop = finished(jobs, jobIds);
        system.stopService("analysis-service-b");
        assertThat(beforeSecondStop).as("jobs left when the second worker stopped").isLessThan(JOBS);

        await().atMost(Duration.ofSeconds(120)).until(() -> finished(jobs, jobIds) == JOBS);

        List<String> problems = new ArrayList<>();
        for (String id : jobIds) {
            Job job = jobs.find(id).orElseThrow();
            if (!job.status().equals("completed") || job.attempt() != 1) {
                problems.add(id + " " + job.status() + " gateway attempt " + job.attempt());
            }
        }
        assertThat(problems).as("every job completed without a re-issue by the gateway").isEmpty();

        MongoTemplate analysisDb = system.bean("analysis-service-c", MongoTemplate.class);
        Query ours = Query.query(Criteria.where("_id").in(jobIds));
        assertThat(analysisDb.count(ours, "analysis_results")).isEqualTo(JOBS);
        List<Document> claims = analysisDb.find(ours, Document.class, "job_claims");
        assertThat(claims).hasSize(JOBS).allSatisfy(c -> assertThat(c.getBoolean("done")).as(c.toJson()).isTrue());
        List<String> handedOn = claims.stream().filter(c -> c.getInteger("attempt") > 1).map(c -> c.getString("_id"))
                .toList();
        assertThat(handedOn).as("jobs a stopping worker handed on").isNotEmpty();

        // no analysis ran twice to the end; every job nobody handed on was counted by the worker that stored it (a
        // handed-on job may have been stored by a stopping worker that was cut off before it counted)
        assertThat(sum(workers, "superseded")).as("analyses that ran to the end after another had stored").isZero();
        assertThat(sum(workers, "completed")).as("results stored, over all workers")
                .isBetween((double) JOBS - handedOn.size(), (double) JOBS);
        assertThat(jobs.countByStatus("running")).isZero();
    }

    /** Another analysis worker: the same consumer group and database as the first, its own port and metrics. */
    static ConfigurableApplicationContext worker(String name, String drain) {
        return system.startService("analysis-service-" + name, AnalysisApplication.class, Map.of(
                "spring.application.name", "analysis-service",
                "spring.kafka.consumer.group-id", "analysis-service",
                "spring.mongodb.database", system.database("analysis-service"),
                "management.metrics.tags.instance", "worker-" + name,
                "triage.analysis.shutdown-drain", drain));
    }

    static long finished(Jobs jobs, List<String> ids) {
        return ids.stream().filter(id -> jobs.find(id).map(Job::isFinished).orElse(false)).count();
    }

    static double sum(Map<String, MeterRegistry> workers, String outcome) {
        return workers.values().stream().map(r -> r.find("triage.analysis.jobs").tag("outcome", outcome).counter())
                .mapToDouble(counter -> counter == null ? 0 : counter.count()).sum();
    }

    static HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.gatewayUrl() + "/analyze-failures"))
                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
