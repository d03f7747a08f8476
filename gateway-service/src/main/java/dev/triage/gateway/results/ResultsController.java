package dev.triage.gateway.results;

import dev.triage.gateway.access.Principals;
import dev.triage.gateway.jobs.Job;
import dev.triage.gateway.jobs.JobLifecycle;
import dev.triage.gateway.jobs.JobStatus;
import dev.triage.gateway.jobs.Jobs;
import dev.triage.gateway.services.AnalysisClient;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.node.ObjectNode;

/** Reading, listing, deleting and cancelling analysis jobs. */
@RestController
class ResultsController {

    static final int MAX_LIMIT = 100;
    static final int MAX_BULK = 500;

    private final Jobs jobs;
    private final JobLifecycle lifecycle;
    private final AnalysisClient analysis;
    private final PayloadStore payloads;
    private final ResultViews views;
    private final ResultBodies bodies;

    ResultsController(Jobs jobs, JobLifecycle lifecycle, AnalysisClient analysis, PayloadStore payloads, ResultViews views, ResultBodies bodies) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.analysis = analysis;
        this.payloads = payloads;
        this.views = views;
        this.bodies = bodies;
    }

    @GetMapping("/results/{jobId}")
    ResponseEntity<StreamingResponseBody> result(@PathVariable String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("Job", jobId));
        if (!job.isFinished()) {
            return bodies.respond(HttpStatus.ACCEPTED, views.envelope(job, null), "result");
        }
        ObjectNode stored = JobStatus.COMPLETED.equals(job.status()) ? analysis.result(jobId).orElse(null) : null;
        return bodies.respond(HttpStatus.OK, views.envelope(job, stored), "result");
    }

    @GetMapping("/results")
    List<Map<String, Object>> list(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset,
            @RequestParam(required = false) @Nullable String status) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiException.unprocessable("validation_error", "limit must be 1.." + MAX_LIMIT + " and offset >= 0",
                    Map.of("parameters", List.of("limit", "offset"), "max_limit", MAX_LIMIT));
        }
        if (status != null && !JobStatus.ALL.contains(status)) {
            throw ApiException.unprocessable("validation_error", "status must be one of " + JobStatus.ALL,
                    Map.of("parameter", "status"));
        }
        return jobs.list(status, limit, offset).stream().map(views::row).toList();
    }

    @DeleteMapping("/results/{jobId}")
    Map<String, Object> delete(@PathVariable String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("Job", jobId));
        deleteJob(job);
        return Map.of("status", "deleted", "job_id", jobId);
    }

    @DeleteMapping("/api/results/bulk")
    Map<String, Object> deleteBulk(@RequestBody BulkDelete request) {
        if (request.job_ids() == null || request.job_ids().isEmpty() || request.job_ids().size() > MAX_BULK) {
            throw ApiException.unprocessable("validation_error", "job_ids must hold 1 to " + MAX_BULK + " ids",
                    Map.of("field", "job_ids", "max", MAX_BULK));
        }
        var unique = new LinkedHashSet<>(request.job_ids());
        List<String> deleted = new ArrayList<>();
        List<Map<String, String>> failed = new ArrayList<>();
        for (String id : unique) {
            var job = jobs.find(id);
            if (job.isEmpty()) {
                failed.add(Map.of("job_id", id, "reason", "not_found"));
                continue;
            }
            try {
                deleteJob(job.get());
                deleted.add(id);
            } catch (ApiException e) {
                failed.add(Map.of("job_id", id, "reason", e.code()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", deleted);
        out.put("failed", failed);
        out.put("total", unique.size());
        return out;
    }

    @PostMapping("/results/{jobId}/cancel")
    ResponseEntity<Map<String, String>> cancel(@PathVariable String jobId) {
        Job job = jobs.find(jobId).orElseThrow(() -> ApiException.notFound("Job", jobId));
        boolean accepted = !job.isFinished() && lifecycle.requestCancel(job, RequestIds.current(), Principals.currentActor());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("job_id", jobId, "status", accepted ? "accepted" : "no_op"));
    }

    private void deleteJob(Job job) {
        if (!job.isFinished()) {
            lifecycle.requestCancel(job, RequestIds.current(), Principals.currentActor());
        }
        analysis.delete(job.id());
        jobs.delete(job.id());
        if (job.payloadId() != null && jobs.countReferencingPayload(job.payloadId()) == 0) {
            payloads.delete(job.payloadId());
        }
        if (job.secretsId() != null && jobs.countReferencingPayload(job.secretsId()) == 0) {
            payloads.delete(job.secretsId());
        }
    }

    /** Body of {@code DELETE /api/results/bulk}. */
    record BulkDelete(List<String> job_ids) {
    }
}
