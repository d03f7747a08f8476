package dev.triage.gateway.results;

import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobWaiters;
import dev.triage.gateway.jobs.Jobs;
import dev.triage.platform.web.ApiException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /results/{job_id}/events}: one SSE event per progress step, numbered by its place in the progress log,
 * then a final {@code completed}, {@code failed} or {@code cancelled} event, after which the stream closes. A client
 * that reconnects with {@code Last-Event-ID} gets only what it missed. Comments keep idle connections alive.
 */
@RestController
class ResultEventsController {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration MAX_STREAM = Duration.ofHours(2);
    static final long RETRY_MILLIS = 2_000;

    private final Jobs jobs;
    private final JobWaiters waiters;

    ResultEventsController(Jobs jobs, JobWaiters waiters) {
        this.jobs = jobs;
        this.waiters = waiters;
    }

    @GetMapping(path = "/results/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String jobId, @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastId) {
        if (jobs.find(jobId).isEmpty()) {
            throw ApiException.notFound("Job", jobId);
        }
        long resumeAfter = parseLastId(lastId);
        SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
        Thread.ofVirtual().name("sse-" + jobId).start(() -> stream(jobId, resumeAfter, emitter));
        return emitter;
    }

    private void stream(String jobId, long resumeAfter, SseEmitter emitter) {
        long sent = resumeAfter;
        Instant lastWrite = Instant.now();
        try (JobWaiters.Waiter waiter = waiters.open(jobId)) {
            while (true) {
                Optional<Job> current = jobs.find(jobId);
                if (current.isEmpty()) {
                    emitter.send(SseEmitter.event().name("deleted").data(Map.of("job_id", jobId)));
                    break;
                }
                Job job = current.get();
                var log = job.progressLog();
                for (int i = (int) Math.max(0, sent); i < log.size(); i++) {
                    Job.ProgressEntry entry = log.get(i);
                    emitter.send(SseEmitter.event().id(Long.toString(i + 1)).name("progress").reconnectTime(RETRY_MILLIS)
                            .data(Map.of("phase", entry.phase(), "message", entry.message(),
                                    "timestamp", entry.timestamp().toString())));
                    sent = i + 1;
                    lastWrite = Instant.now();
                }
                if (job.isFinished()) {
                    Map<String, Object> last = new LinkedHashMap<>();
                    last.put("job_id", jobId);
                    last.put("status", job.status());
                    last.put("summary", job.summary());
                    if (job.error() != null) {
                        last.put("error", Map.of("code", job.error().code(), "message", job.error().message()));
                    }
                    emitter.send(SseEmitter.event().id(Long.toString(log.size() + 1)).name(job.status()).data(last));
                    break;
                }
                if (Duration.between(lastWrite, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastWrite = Instant.now();
                }
                if (!waiter.await(HEARTBEAT)) {
                    break;
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    private static long parseLastId(@Nullable String lastId) {
        if (lastId == null || lastId.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastId.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
