package dev.triage.history.feedback;

import dev.triage.history.api.Params;
import dev.triage.history.jobs.JobHistories;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Comments, reviews, review status and classification overrides of a job's failures. */
@RestController
class FeedbackController {

    static final int MAX_COMMENT = 10_000;
    static final Set<String> OVERRIDES = Set.of("CODE ISSUE", "PRODUCT BUG", "INFRASTRUCTURE");

    private final Feedback feedback;
    private final JobHistories jobs;

    FeedbackController(Feedback feedback, JobHistories jobs) {
        this.feedback = feedback;
        this.jobs = jobs;
    }

    @GetMapping("/internal/results/{jobId}/comments")
    Map<String, Object> comments(@PathVariable String jobId) {
        Params.jobId(jobId);
        Document doc = jobs.summary(jobId).orElse(new Document());
        Map<String, Object> reviews = new LinkedHashMap<>();
        for (Document r : Feedback.list(doc, "reviews")) {
            Map<String, Object> review = new LinkedHashMap<>();
            review.put("reviewed", r.getBoolean("reviewed"));
            review.put("username", r.getString("username"));
            review.put("updated_at", Params.time(r.get("updated_at")));
            reviews.put(r.getString("key"), review);
        }
        return Map.of("comments", Feedback.list(doc, "comments").stream().map(FeedbackController::comment).toList(),
                "reviews", reviews);
    }

    @PostMapping("/internal/results/{jobId}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> comment(@PathVariable String jobId, @RequestBody CommentRequest body,
            @RequestHeader(name = Actor.HEADER, required = false) @Nullable String actor,
            @RequestHeader(name = Actor.ADMIN_HEADER, required = false) @Nullable String admin) {
        Params.jobId(jobId);
        String test = Params.name(body.test_name(), "test_name");
        if (body.comment() == null || body.comment().isBlank() || body.comment().length() > MAX_COMMENT) {
            throw ApiException.unprocessable("validation_error", "comment must be 1 to " + MAX_COMMENT + " characters",
                    Map.of("fields", List.of("comment")));
        }
        long id = feedback.comment(jobId, test, child(body.child_job_name()), childBuild(body.child_build_number()),
                body.comment(), Actor.of(actor, admin), RequestIds.current());
        return Map.of("id", id);
    }

    @DeleteMapping("/internal/results/{jobId}/comments/{commentId}")
    Map<String, Object> delete(@PathVariable String jobId, @PathVariable long commentId,
            @RequestHeader(name = Actor.HEADER, required = false) @Nullable String actor,
            @RequestHeader(name = Actor.ADMIN_HEADER, required = false) @Nullable String admin) {
        Params.jobId(jobId);
        feedback.deleteComment(jobId, commentId, Actor.of(actor, admin));
        return Map.of("status", "deleted");
    }

    @PutMapping("/internal/results/{jobId}/reviewed")
    Map<String, Object> reviewed(@PathVariable String jobId, @RequestBody ReviewRequest body,
            @RequestHeader(name = Actor.HEADER, required = false) @Nullable String actor,
            @RequestHeader(name = Actor.ADMIN_HEADER, required = false) @Nullable String admin) {
        Params.jobId(jobId);
        String test = Params.name(body.test_name(), "test_name");
        if (body.reviewed() == null) {
            throw ApiException.unprocessable("validation_error", "reviewed is required", Map.of("fields", List.of("reviewed")));
        }
        Actor who = Actor.of(actor, admin);
        feedback.review(jobId, Feedback.reviewKey(test, child(body.child_job_name()), childBuild(body.child_build_number())),
                body.reviewed(), who, RequestIds.current());
        return Map.of("status", "ok", "reviewed_by", who.name());
    }

    @GetMapping("/internal/results/{jobId}/review-status")
    Map<String, Object> reviewStatus(@PathVariable String jobId) {
        Params.jobId(jobId);
        Document doc = jobs.summary(jobId).orElse(new Document());
        Document totals = doc.get("totals", Document.class);
        long failures = totals != null ? Params.number(totals.get("failures")) + Params.number(totals.get("errors"))
                : Params.number(doc.get("failure_count"));
        long reviewed = Feedback.list(doc, "reviews").stream().filter(r -> Boolean.TRUE.equals(r.getBoolean("reviewed"))).count();
        return Map.of("total_failures", failures, "reviewed_count", reviewed, "comment_count",
                Feedback.list(doc, "comments").size());
    }

    @PutMapping("/internal/results/{jobId}/override-classification")
    Map<String, Object> override(@PathVariable String jobId, @RequestBody OverrideRequest body,
            @RequestHeader(name = Actor.HEADER, required = false) @Nullable String actor,
            @RequestHeader(name = Actor.ADMIN_HEADER, required = false) @Nullable String admin) {
        Params.jobId(jobId);
        String test = Params.name(body.test_name(), "test_name");
        String classification = body.classification() == null ? "" : body.classification().strip().toUpperCase(Locale.ROOT);
        if (!OVERRIDES.contains(classification)) {
            throw ApiException.unprocessable("validation_error", "classification must be one of CODE ISSUE, PRODUCT BUG, "
                    + "INFRASTRUCTURE", Map.of("fields", List.of("classification")));
        }
        feedback.override(jobId, test, classification, child(body.child_job_name()), childBuild(body.child_build_number()),
                Actor.of(actor, admin), RequestIds.current());
        return Map.of("status", "ok", "classification", classification);
    }

    static Map<String, Object> comment(Document c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.get("id"));
        out.put("job_id", c.getString("job_id"));
        out.put("test_name", c.getString("test_name"));
        out.put("child_job_name", Objects.requireNonNullElse(c.getString("child_job_name"), ""));
        out.put("child_build_number", Params.number(c.get("child_build_number")));
        out.put("comment", c.getString("comment"));
        out.put("error_signature", Objects.requireNonNullElse(c.getString("error_signature"), ""));
        out.put("username", c.getString("username"));
        out.put("created_at", Params.time(c.get("created_at")));
        return out;
    }

    private static String child(@Nullable String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        return Params.name(name, "child_job_name");
    }

    private static int childBuild(@Nullable Integer number) {
        if (number != null && number < 0) {
            throw ApiException.unprocessable("validation_error", "child_build_number must be >= 0",
                    Map.of("fields", List.of("child_build_number")));
        }
        return number == null ? 0 : number;
    }

    /** Body of {@code POST /results/{job_id}/comments}. */
    record CommentRequest(@Nullable String test_name, @Nullable String comment, @Nullable String child_job_name,
            @Nullable Integer child_build_number) {
    }

    /** Body of {@code PUT /results/{job_id}/reviewed}. */
    record ReviewRequest(@Nullable String test_name, @Nullable Boolean reviewed, @Nullable String child_job_name,
            @Nullable Integer child_build_number) {
    }

    /** Body of {@code PUT /results/{job_id}/override-classification}. */
    record OverrideRequest(@Nullable String test_name, @Nullable String classification, @Nullable String child_job_name,
            @Nullable Integer child_build_number) {
    }
}
