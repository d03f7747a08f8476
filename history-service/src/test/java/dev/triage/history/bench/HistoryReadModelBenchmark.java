package dev.triage.history.bench;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.triage.events.Topics;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.history.tests.TestHistories;
import dev.triage.platform.kafka.EventPublisher;
import dev.triage.testsupport.TriageIntegrationTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Loads generated history through the real projection on the embedded store, then measures the read endpoints over
 * HTTP. The outcome batches are published to Kafka while the history's outcome listener is paused, then the listener
 * is resumed and the clock runs until it has taken every batch: what is measured is how fast the projection works off
 * a backlog (Kafka fetch, listener, read models, store), the producer's cost left out. Opt-in:
 * {@code -Dtriage.bench.outcomes=1000000 -Dtriage.bench.tests=5000 -Dtriage.bench.jobs=2000}. Prints one line per
 * figure for docs/benchmarks.md.
 */
@TriageIntegrationTest
@EnabledIfSystemProperty(named = "triage.bench.outcomes", matches = "\\d+")
class HistoryReadModelBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventPublisher publisher;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TestHistories tests;

    @Test
    void loadThenRead() throws Exception {
        long outcomes = Long.getLong("triage.bench.outcomes");
        int testCount = Integer.getInteger("triage.bench.tests", 5000);
        int jobs = Integer.getInteger("triage.bench.jobs", 2000);
        int perJob = (int) Math.max(1, outcomes / jobs);
        int signatures = 200;
        Random random = new Random(42);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        MessageListenerContainer container = listeners.getListenerContainer("history-outcomes");
        container.pause();
        await().atMost(Duration.ofSeconds(30)).until(container::isContainerPaused);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            List<TestOutcome> batch = new ArrayList<>(perJob);
            int first = (j * perJob) % testCount;
            for (int i = 0; i < perJob; i++) {
                int test = (first + i) % testCount;
                boolean fails = random.nextInt(100) < 5 + (test % 10 == 0 ? 20 : 0);
                batch.add(new TestOutcome("com.acme.bench.Suite" + (test / 50) + ".test" + test, "s", fails ? "failed" : "passed",
                        random.nextInt(1000), fails ? "sig-" + random.nextInt(signatures) : null, fails ? "boom " + test : null));
            }
            sent.add(publisher.publish(Topics.TEST_OUTCOMES, new TestOutcomesRecorded(UUID.randomUUID(),
                    t0.plusSeconds(60L * j), "bench", 1, "bench-job-" + j, "bench/job-" + (j % 20), j, 1, 1, batch)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        System.out.printf("BENCH published %d batches to %s, listener paused%n", jobs, Topics.TEST_OUTCOMES.name());
        double loadBefore = os.getSystemLoadAverage();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        container.resume();
        long[] reported = {0};
        await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long taken = taken();
            if (taken / 100 > reported[0] / 100 || taken == jobs) {
                reported[0] = taken;
                double so = (System.nanoTime() - start) / 1e9;
                long done = taken * perJob;
                System.out.printf("BENCH progress: %d jobs, %d outcomes in %.0f s = %.0f outcomes/s, %.0f per CPU-second, load %.1f%n",
                        taken, done, so, done / so, done / ((os.getProcessCpuTime() - cpuBefore) / 1e9), os.getSystemLoadAverage());
            }
            return taken >= jobs;
        });
        long loaded = (long) jobs * perJob;
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        System.out.printf("BENCH projection: %d outcomes, %d tests, %d jobs in %.1f s = %.0f outcomes/s%n", loaded, testCount,
                jobs, seconds, loaded / seconds);
        // The machine is shared: CPU time of this JVM (projection, embedded store, idle broker) is steadier than wall time.
        System.out.printf("BENCH projection CPU: %.1f s of this JVM = %.0f outcomes per CPU-second; load average %.1f before,"
                + " %.1f after, %d cores%n", cpu, loaded / cpu, loadBefore, os.getSystemLoadAverage(), os.getAvailableProcessors());

        if (testCount % perJob == 0 && loaded % testCount == 0) {
            // every test ran in the same number of jobs: the projection recorded every outcome, no more, no less
            for (int test : new int[] {0, testCount / 3, testCount - 1}) {
                String name = "com.acme.bench.Suite" + (test / 50) + ".test" + test;
                assertThat(tests.find(name).orElseThrow().get("total_runs", Number.class).longValue()).as(name)
                        .isEqualTo(loaded / testCount);
            }
        }

        int samples = Integer.getInteger("triage.bench.samples", 200);
        report("baseline: find test_history by _id (store only)", samples, () -> {
            tests.find("com.acme.bench.Suite1.test" + random.nextInt(50));
            return 200;
        });
        report("GET /history/test/{name}", samples, () -> get("/internal/history/test?test_name=com.acme.bench.Suite"
                + random.nextInt(testCount / 50) + ".test" + random.nextInt(testCount)));
        report("GET /history/search?signature=", samples, () -> get("/internal/history/search?signature=sig-"
                + random.nextInt(signatures)));
        report("GET /history/failures (first page)", samples / 4, () -> get("/internal/history/failures"));
        report("GET /api/dashboard", samples / 4, () -> get("/internal/dashboard"));
    }

    /** Batches the outcome listener has taken: recorded, or recognised as recorded before. */
    private long taken() {
        double consumed = meters.find("triage.kafka.events.consumed").tag("consumer", "history-outcomes").counters().stream()
                .mapToDouble(Counter::count).sum();
        double duplicates = meters.find("triage.kafka.duplicates.skipped").tag("consumer", "history-outcomes").counters()
                .stream().mapToDouble(Counter::count).sum();
        return Math.round(consumed + duplicates);
    }

    private void report(String what, int samples, IntSupplier call) {
        for (int i = 0; i < Math.min(10, samples); i++) {
            call.getAsInt();
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long s = System.nanoTime();
            assertThat(call.getAsInt()).isEqualTo(200);
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        System.out.printf("BENCH %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d samples)%n", what, nanos[samples / 2] / 1e6,
                nanos[(int) (samples * 0.95)] / 1e6, nanos[samples - 1] / 1e6, samples);
    }

    private int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
