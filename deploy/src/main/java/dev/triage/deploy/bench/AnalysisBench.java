package dev.triage.deploy.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a running system: {@code latency}, {@code throughput}, {@code upload}. Usage:
 * {@code java -jar deploy-exec.jar bench <mode> [--url http://localhost:8080] [--jobs N] [--clients N] [--seconds N]
 * [--failures N] [--groups N] [--mb N]}.
 */
public final class AnalysisBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Options options;

    private AnalysisBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: bench latency|throughput|upload|pipeline [options]");
            System.exit(2);
        }
        Options options = Options.parse(args);
        switch (args[0]) {
            case "latency" -> new AnalysisBench(options).latency();
            case "throughput" -> new AnalysisBench(options).throughput();
            case "upload" -> new AnalysisBench(options).upload();
            case "pipeline" -> BarePipelineBench.run(options);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    /** Sequential jobs, one client: end-to-end latency and the time in each hop, from the job's own timestamps. */
    private void latency() throws Exception {
        warmUp();
        int jobs = options.jobs(500);
        double[] total = new double[jobs];
        double[] queue = new double[jobs];
        double[] work = new double[jobs];
        double[] finish = new double[jobs];
        double[] http = new double[jobs];
        for (int i = 0; i < jobs; i++) {
            String body = Workloads.failureList(options.failures(10), options.groups(3), i);
            long start = System.nanoTime();
            HttpResponse<String> response = post(body);
            total[i] = (System.nanoTime() - start) / 1e6;
            require(response, 200);
            JsonNode envelope = JSON.readTree(get("/results/" + JSON.readTree(response.body()).get("job_id").asString()).body());
            Instant created = Instant.parse(envelope.get("created_at").asString());
            Instant completed = Instant.parse(envelope.get("completed_at").asString());
            JsonNode log = envelope.get("result").get("progress_log");
            Instant analyzing = phaseTime(log, "analyzing", created);
            Instant saving = phaseTime(log, "saving", analyzing);
            queue[i] = Duration.between(created, analyzing).toNanos() / 1e6;
            work[i] = Duration.between(analyzing, saving).toNanos() / 1e6;
            finish[i] = Duration.between(saving, completed).toNanos() / 1e6;
            http[i] = total[i] - Duration.between(created, completed).toNanos() / 1e6;
        }
        System.out.printf(Locale.ROOT, "latency, %d sequential jobs of %d failures:%n", jobs, options.failures(10));
        System.out.println("  request -> completed result: " + Stats.of(total));
        System.out.println("  hop gateway registered -> worker started (publish, Kafka, consume, claim): " + Stats.of(queue));
        System.out.println("  hop worker: read, group, classify: " + Stats.of(work));
        System.out.println("  hop worker saving -> gateway registry completed (store, outbox, Kafka, apply): " + Stats.of(finish));
        System.out.println("  hop HTTP in/out, registering, waking the waiter, fetching the result: " + Stats.of(http));
    }

    /** When the worker entered a phase; a step still on its way to the registry counts as {@code fallback}. */
    private static Instant phaseTime(JsonNode log, String phase, Instant fallback) {
        for (JsonNode entry : log) {
            if (phase.equals(entry.get("phase").asString())) {
                return Instant.parse(entry.get("timestamp").asString());
            }
        }
        return fallback;
    }

    /** Concurrent clients posting for a fixed time: completed jobs per second. */
    private void throughput() throws Exception {
        warmUp();
        int clients = options.clients(16);
        Duration duration = Duration.ofSeconds(options.seconds(30));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger done = new AtomicInteger();
        AtomicInteger doneInWindow = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        DoubleAdder latencySum = new DoubleAdder();
        AtomicLong seed = new AtomicLong();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (running.get()) {
                        String body = Workloads.failureList(options.failures(10), options.groups(3), seed.incrementAndGet());
                        long t = System.nanoTime();
                        try {
                            HttpResponse<String> response = post(body);
                            if (response.statusCode() == 200) {
                                double ms = (System.nanoTime() - t) / 1e6;
                                latencySum.add(ms);
                                latencies.add(ms);
                                done.incrementAndGet();
                                if (running.get()) {
                                    doneInWindow.incrementAndGet();
                                }
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (IOException | InterruptedException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(duration.toMillis());
            running.set(false);
            double window = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            pool.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] all = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            // the steady state is the window with every client busy; while the last jobs drain, workers whose queues
            // ran dry idle, so the whole run's rate understates what more workers give
            System.out.printf(Locale.ROOT, "throughput, %d clients, jobs of %d failures in %d groups: %.1f jobs/s completed in the"
                    + " %.0f s window (%d jobs); %.1f jobs/s over the whole %.0f s run with the drain (%d done, %d failed);"
                    + " latency %s%n", clients, options.failures(10), options.groups(3), doneInWindow.get() / window, window,
                    doneInWindow.get(), done.get() / seconds, seconds, done.get(), failed.get(), Stats.of(all));
        }
    }

    /** One large raw_xml upload: time to the result, and the gateway's heap while it streams. */
    private void upload() throws Exception {
        int megabytes = options.mb(50);
        double heapBefore = gatewayHeapMb();
        AtomicBoolean sampling = new AtomicBoolean(true);
        DoubleAdder peak = new DoubleAdder();
        Thread sampler = Thread.ofVirtual().start(() -> {
            double max = 0;
            while (sampling.get()) {
                try {
                    max = Math.max(max, gatewayHeapMb());
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    break;
                }
            }
            peak.add(max);
        });
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(options.url() + "/analyze-failures"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Workloads.rawXmlRequest(megabytes * 1_000_000L, 20_000)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        sampling.set(false);
        sampler.join();
        require(response, 200);
        JsonNode totals = JSON.readTree(response.body()).get("totals");
        System.out.printf(Locale.ROOT, "upload, %d MB raw_xml with 20,000 testcases: completed in %.1f s; totals %s;"
                + " gateway heap %.0f MB before, %.0f MB peak while uploading (+%.0f MB)%n", megabytes, seconds, totals,
                heapBefore, peak.sum(), peak.sum() - heapBefore);
    }

    private double gatewayHeapMb() throws IOException, InterruptedException {
        String text = get("/actuator/prometheus").body();
        Matcher m = HEAP.matcher(text);
        double bytes = 0;
        while (m.find()) {
            bytes += Double.parseDouble(m.group(1));
        }
        return bytes / 1e6;
    }

    private void warmUp() throws Exception {
        for (int i = 0; i < 50; i++) {
            require(post(Workloads.failureList(options.failures(10), options.groups(3), -i)), 200);
        }
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(options.url() + "/analyze-failures"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(options.url() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void require(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
    }
}
