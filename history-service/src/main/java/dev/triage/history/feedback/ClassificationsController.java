package dev.triage.history.feedback;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.history.api.Params;
import dev.triage.history.jobs.JobHistories;
import dev.triage.history.tests.Run;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.TestHistories;
import dev.triage.platform.web.ApiException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manual history classifications ({@code classifications} collection, {@code _id} = row id). People write few of
 * them, so the filtered list may read the collection; every filter is an exact match.
 */
@RestController
class ClassificationsController {

    static final String COLLECTION = "classifications";
    static final Set<String> ALLOWED = Set.of("FLAKY", "REGRESSION", "INFRASTRUCTURE", "KNOWN_BUG", "INTERMITTENT");
    static final int MAX_ROWS = 1000;

    private final MongoTemplate mongo;
    private final JobHistories jobs;
    private final TestHistories tests;
    private final Signatures signatures;

    ClassificationsController(MongoTemplate mongo, JobHistories jobs, TestHistories tests, Signatures signatures) {
        this.mongo = mongo;
        this.jobs = jobs;
        this.tests = tests;
        this.signatures = signatures;
    }

    @PostMapping("/internal/history/classify")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> classify(@RequestBody ClassifyRequest body,
            @RequestHeader(name = Actor.HEADER, required = false) @Nullable String actor) {
        String test = Params.name(body.test_name(), "test_name");
        String jobId = Params.jobId(body.job_id());
        String classification = body.classification() == null ? "" : body.classification().strip().toUpperCase(Locale.ROOT);
        if (!ALLOWED.contains(classification)) {
            throw ApiException.unprocessable("validation_error", "classification must be one of " + ALLOWED.stream().sorted()
                    .toList(), Map.of("fields", List.of("classification")));
        }
        String references = Objects.requireNonNullElse(body.references(), "");
        if ("KNOWN_BUG".equals(classification) && references.isBlank()) {
            throw ApiException.unprocessable("validation_error", "references are required for KNOWN_BUG",
                    Map.of("fields", List.of("references")));
        }
        if (body.child_build_number() != null && body.child_build_number() < 0) {
            throw ApiException.unprocessable("validation_error", "child_build_number must be >= 0",
                    Map.of("fields", List.of("child_build_number")));
        }
        long id = jobs.next("classification", 1);
        String by = Actor.of(actor, null).name();
        Date now = Date.from(Instant.now());
        Document row = new Document("_id", id).append("test_name", test)
                .append("job_name", Objects.requireNonNullElse(body.job_name(), ""))
                .append("parent_job_name", "").append("classification", classification)
                .append("reason", Objects.requireNonNullElse(body.reason(), "")).append("references_info", references)
                .append("created_by", by).append("job_id", jobId)
                .append("child_build_number", body.child_build_number() == null ? 0 : body.child_build_number())
                .append("created_at", now);
        mongo.insert(row, COLLECTION);
        Document entry = new Document("classification", classification).append("by", by).append("at", now)
                .append("job_id", jobId).append("source", "history");
        tests.addClassification(test, entry);
        String signature = tests.find(test).map(doc -> tests.runsOf(doc).stream().filter(Run::failed)
                .map(Run::signature).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null)).orElse(null);
        if (signature != null) {
            signatures.addClassification(signature, entry);
            if ("KNOWN_BUG".equals(classification)) {
                signatures.addKnownBug(signature, references);
            }
        }
        return Map.of("id", id);
    }

    @GetMapping("/internal/history/classifications")
    Map<String, Object> classifications(@RequestParam(name = "test_name", required = false) @Nullable String testName,
            @RequestParam(required = false) @Nullable String classification,
            @RequestParam(name = "job_name", required = false) @Nullable String jobName,
            @RequestParam(name = "parent_job_name", required = false) @Nullable String parentJobName,
            @RequestParam(name = "job_id", required = false) @Nullable String jobId) {
        Query query = new Query();
        Map<String, @Nullable String> filters = new LinkedHashMap<>();
        filters.put("test_name", Params.filter(testName, "test_name"));
        filters.put("classification", Params.filter(classification, "classification"));
        filters.put("job_name", Params.filter(jobName, "job_name"));
        filters.put("parent_job_name", Params.filter(parentJobName, "parent_job_name"));
        filters.put("job_id", Params.filter(jobId, "job_id"));
        filters.forEach((field, value) -> {
            if (value != null) {
                query.addCriteria(where(field).is(value));
            }
        });
        query.with(Sort.by(Sort.Direction.DESC, "_id")).limit(MAX_ROWS);
        return Map.of("classifications", mongo.find(query, Document.class, COLLECTION).stream().map(d -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", d.get("_id"));
            for (String field : List.of("test_name", "job_name", "parent_job_name", "classification", "reason",
                    "references_info", "created_by", "job_id", "child_build_number")) {
                out.put(field, d.get(field));
            }
            out.put("created_at", Params.time(d.get("created_at")));
            return out;
        }).toList());
    }

    /** Body of {@code POST /history/classify}. */
    record ClassifyRequest(@Nullable String test_name, @Nullable String classification, @Nullable String reason,
            @Nullable String job_name, @Nullable String references, @Nullable String job_id,
            @Nullable Integer child_build_number) {
    }
}
