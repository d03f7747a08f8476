package dev.triage.analysis.results;

import dev.triage.analysis.jobs.AnalysisResults;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.web.ApiException;
import org.bson.Document;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET/DELETE /internal/results/{job_id}}: a job's stored result in the API's shape, the enriched report by reference. */
@RestController
@RequestMapping("/internal/results")
class InternalResultsController {

    private final AnalysisResults results;
    private final PayloadStore payloads;

    InternalResultsController(AnalysisResults results, PayloadStore payloads) {
        this.results = results;
        this.payloads = payloads;
    }

    @GetMapping(path = "/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> result(@PathVariable String jobId) {
        Document stored = results.find(jobId).orElseThrow(() -> ApiException.notFound("Result", jobId));
        return ResponseEntity.ok(AnalysisResults.served(stored.get("result", Document.class), stored.getString("enrichedXmlId")));
    }

    @DeleteMapping("/{jobId}")
    ResponseEntity<Void> delete(@PathVariable String jobId) {
        results.find(jobId).ifPresent(stored -> {
            String enrichedId = stored.getString("enrichedXmlId");
            if (enrichedId != null) {
                payloads.delete(enrichedId);
            }
            results.delete(jobId);
        });
        return ResponseEntity.noContent().build();
    }
}
