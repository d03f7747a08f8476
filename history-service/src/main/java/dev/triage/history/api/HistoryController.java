package dev.triage.history.api;

import dev.triage.history.HistoryProperties;
import dev.triage.history.jobs.JobFeeds;
import dev.triage.history.jobs.JobHistories;
import dev.triage.history.tests.Label;
import dev.triage.history.tests.Run;
import dev.triage.history.tests.Signatures;
import dev.triage.history.tests.TestHistories;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The history reads. Each is a key lookup (a test, a signature) or a bounded walk over a feed document and the job
 * documents it names; none scans a collection.
 */
@RestController
class HistoryController {

    static final int MAX_FAILURES_LIMIT = 200;
    static final int MAX_TEST_LIMIT = 100;
    static final int DASHBOARD_ROWS = 500;
    static final int STATS_BUILDS = 200;

    private final TestHistories tests;
    private final Signatures signatures;
    private final JobHistories jobs;
    private final JobFeeds feeds;
    private final HistoryProperties settings;

    HistoryController(TestHistories tests, Signatures signatures, JobHistories jobs, JobFeeds feeds, HistoryProperties settings) {
        this.tests = tests;
        this.signatures = signatures;
        this.jobs = jobs;
        this.feeds = feeds;
        this.settings = settings;
    }

    @GetMapping("/internal/history/test")
    Map<String, Object> test(@RequestParam(name = "test_name", required = false) @Nullable String testName,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(name = "job_name", required = false) @Nullable String jobName,
            @RequestParam(name = "exclude_job_id", required = false) @Nullable String excludeJobId) {
        String name = Params.name(testName, "test_name");
        Params.page(limit, MAX_TEST_LIMIT, 0);
        String job = Params.filter(jobName, "job_name");
        String excluded = Params.filter(excludeJobId, "exclude_job_id");
        Optional<Document> found = tests.find(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("test_name", name);
        if (found.isEmpty()) {
            out.putAll(Map.of("total_runs", 0, "failures", 0, "passes", 0, "failure_rate", 0.0, "consecutive_failures", 0,
                    "classifications", Map.of(), "recent_runs", List.of(), "comments", List.of(), "labels", List.of(),
                    "signatures", List.of()));
            out.put("first_seen", null);
            out.put("last_seen", null);
            out.put("last_pass", null);
            out.put("last_classification", "");
            out.put("note", "No history for this test yet");
            return out;
        }
        Document doc = found.get();
        List<Run> all = tests.runsOf(doc);
        List<Run> runs = all.stream().filter(r -> job == null || job.equals(r.jobName()))
                .filter(r -> excluded == null || !excluded.equals(r.jobId())).toList();
        boolean windowed = job != null || (excluded != null && runs.size() != all.size());
        long failures;
        long passes;
        long total;
        if (windowed) {
            failures = runs.stream().filter(Run::failed).count();
            passes = runs.stream().filter(Run::passed).count();
            total = runs.size();
            out.put("note", "Counted over the " + settings.runsKept() + " most recent runs of the test");
        } else {
            failures = Params.number(doc.get("failures"));
            passes = Params.number(doc.get("passes"));
            total = Params.number(doc.get("total_runs"));
            out.put("note", "Counted over every recorded run; skipped runs count in total_runs only");
        }
        out.put("total_runs", total);
        out.put("failures", failures);
        out.put("passes", passes);
        out.put("failure_rate", failures + passes == 0 ? 0.0 : (double) failures / (failures + passes));
        List<Run> failed = runs.stream().filter(Run::failed).toList();
        out.put("first_seen", windowed ? failed.isEmpty() ? null : failed.getFirst().at().toString()
                : Params.time(doc.get("first_failure_at")));
        out.put("last_seen", windowed ? failed.isEmpty() ? null : failed.getLast().at().toString()
                : Params.time(doc.get("last_failure_at")));
        out.put("last_pass", windowed ? runs.stream().filter(Run::passed).reduce((a, b) -> b).map(r -> r.at().toString())
                .orElse(null) : Params.time(doc.get("last_pass_at")));
        out.put("consecutive_failures", windowed ? streak(runs) : Params.number(doc.get("consecutive_failures")));
        List<Document> classifications = list(doc, "classifications");
        Map<String, Integer> histogram = new LinkedHashMap<>();
        classifications.forEach(c -> histogram.merge(c.getString("classification"), 1, Integer::sum));
        out.put("classifications", histogram);
        out.put("last_classification", classifications.isEmpty() ? "" : classifications.getLast().getString("classification"));
        List<Map<String, Object>> recent = new ArrayList<>();
        for (int i = failed.size() - 1; i >= 0 && recent.size() < limit; i--) {
            recent.add(runRow(failed.get(i)));
        }
        out.put("recent_runs", recent);
        out.put("comments", list(doc, "comments").stream().map(HistoryController::comment).toList().reversed());
        out.put("labels", labels(doc, all));
        out.put("signatures", list(doc, "signatures").stream().map(s -> Map.of("signature", s.getString("signature"),
                "count", Params.number(s.get("count")), "last_seen", Objects.requireNonNull(Params.time(s.get("last_seen")))))
                .toList());
        return out;
    }

    @GetMapping("/internal/history/search")
    Map<String, Object> search(@RequestParam(required = false) @Nullable String signature,
            @RequestParam(name = "exclude_job_id", required = false) @Nullable String excludeJobId) {
        String key = Params.name(signature, "signature");
        String excluded = Params.filter(excludeJobId, "exclude_job_id");
        Document doc = signatures.find(key).orElse(new Document());
        Map<String, Long> counts = new LinkedHashMap<>();
        list(doc, "tests").forEach(t -> counts.put(t.getString("test_name"), Params.number(t.get("occurrences"))));
        long total = Params.number(doc.get("total_occurrences"));
        // counted apart from the listed tests, which are only the most recent (Signatures.TESTS_KEPT)
        long unique = Signatures.uniqueTests(doc);
        if (excluded != null) {
            for (Document job : list(doc, "jobs")) {
                if (excluded.equals(job.getString("job_id"))) {
                    for (Object test : (List<?>) job.get("tests")) {
                        counts.computeIfPresent(test.toString(), (k, v) -> v - 1);
                        total--;
                    }
                }
            }
            int listed = counts.size();
            counts.values().removeIf(v -> v <= 0);
            unique -= listed - counts.size();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("signature", key);
        out.put("total_occurrences", Math.max(0, total));
        out.put("unique_tests", Math.max(0, unique));
        out.put("tests", counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> Map.of("test_name", e.getKey(), "occurrences", e.getValue())).toList());
        List<Document> history = list(doc, "classification_history");
        out.put("last_classification", history.isEmpty() ? "" : history.getLast().getString("classification"));
        // the verdicts people gave this signature, newest last (the AI prompt shows them; names stay out)
        out.put("classification_history", history.stream().map(h -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("classification", h.getString("classification"));
            entry.put("at", Params.time(h.get("at")));
            return entry;
        }).toList());
        out.put("comments", list(doc, "comments").stream().map(HistoryController::comment).toList().reversed());
        out.put("first_seen", Params.time(doc.get("first_seen")));
        out.put("last_seen", Params.time(doc.get("last_seen")));
        out.put("known_bugs", doc.getOrDefault("known_bugs", List.of()));
        return out;
    }

    @GetMapping("/internal/history/failures")
    Map<String, Object> failures(@RequestParam(required = false) @Nullable String search,
            @RequestParam(name = "job_name", required = false) @Nullable String jobName,
            @RequestParam(required = false) @Nullable String classification,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        Params.page(limit, MAX_FAILURES_LIMIT, offset);
        String text = Params.filter(search, "search");
        String job = Params.filter(jobName, "job_name");
        String wanted = Params.filter(classification, "classification");
        List<JobFeeds.Entry> entries = feeds.entries(job == null ? JobFeeds.ALL : JobFeeds.ofName(job)).reversed();
        List<Map<String, Object>> page = new ArrayList<>();
        long total = 0;
        if (text == null && wanted == null) {
            long skip = offset;
            for (JobFeeds.Entry entry : entries) {
                total += entry.failures();
                if (page.size() >= limit || entry.failures() == 0) {
                    continue;
                }
                if (skip >= entry.failures()) {
                    skip -= entry.failures();
                    continue;
                }
                List<Map<String, Object>> rows = rows(entry.jobId());
                for (int i = (int) skip; i < rows.size() && page.size() < limit; i++) {
                    page.add(rows.get(i));
                }
                skip = 0;
            }
        } else {
            String needle = text == null ? null : text.toLowerCase(Locale.ROOT);
            for (JobFeeds.Entry entry : entries) {
                if (entry.failures() == 0) {
                    continue;
                }
                for (Map<String, Object> row : rows(entry.jobId())) {
                    if (matches(row, needle, wanted)) {
                        if (total >= offset && page.size() < limit) {
                            page.add(row);
                        }
                        total++;
                    }
                }
            }
        }
        return Map.of("failures", page, "total", total);
    }

    @GetMapping("/internal/history/stats")
    Map<String, Object> stats(@RequestParam(name = "job_name", required = false) @Nullable String jobName,
            @RequestParam(name = "exclude_job_id", required = false) @Nullable String excludeJobId) {
        String job = Params.name(jobName, "job_name");
        String excluded = Params.filter(excludeJobId, "exclude_job_id");
        List<JobFeeds.Entry> entries = feeds.entries(JobFeeds.ofName(job)).stream()
                .filter(e -> !e.jobId().equals(excluded)).toList();
        entries = entries.subList(Math.max(0, entries.size() - STATS_BUILDS), entries.size());
        long withFailures = entries.stream().filter(e -> e.failures() > 0).count();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JobFeeds.Entry entry : entries) {
            if (entry.failures() > 0) {
                for (Map<String, Object> row : rows(entry.jobId())) {
                    counts.merge(row.get("test_name") + "\u0000" + row.get("classification"), 1, Integer::sum);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_name", job);
        out.put("total_builds_analyzed", entries.size());
        out.put("builds_with_failures", withFailures);
        out.put("overall_failure_rate", entries.isEmpty() ? 0.0 : (double) withFailures / entries.size());
        out.put("most_common_failures", counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10).map(e -> {
                    String[] parts = e.getKey().split("\u0000", 2);
                    return Map.of("test_name", parts[0], "classification", parts[1], "count", e.getValue());
                }).toList());
        out.put("recent_trend", trend(entries));
        return out;
    }

    @GetMapping("/internal/dashboard")
    List<Map<String, Object>> dashboard() {
        List<JobFeeds.Entry> entries = feeds.entries(JobFeeds.ALL).reversed();
        List<String> listed = entries.subList(0, Math.min(DASHBOARD_ROWS, entries.size())).stream().map(JobFeeds.Entry::jobId)
                .toList();
        Map<String, Document> found = jobs.summaries(listed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String jobId : listed) {
            Document doc = found.get(jobId);
            if (doc != null) {
                rows.add(dashboardRow(doc));
            }
        }
        return rows;
    }

    static Map<String, Object> dashboardRow(Document doc) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("job_id", doc.getString("_id"));
        row.put("jenkins_url", null);
        row.put("status", doc.getString("status") == null ? "running" : doc.getString("status"));
        row.put("created_at", Params.time(doc.get("first_seen_at")));
        row.put("completed_at", Params.time(doc.get("completed_at")));
        row.put("analysis_started_at", null);
        row.put("reviewed_count", list(doc, "reviews").stream().filter(r -> Boolean.TRUE.equals(r.getBoolean("reviewed"))).count());
        row.put("comment_count", list(doc, "comments").size());
        row.put("job_name", doc.getString("job_name"));
        row.put("build_number", doc.getInteger("build_number"));
        row.put("failure_count", Params.number(doc.get("failure_count")));
        if (doc.getString("summary") != null) {
            row.put("summary", doc.getString("summary"));
        }
        if (doc.getString("error") != null) {
            row.put("error", doc.getString("error"));
        }
        return row;
    }

    private List<Map<String, Object>> rows(String jobId) {
        Optional<Document> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return List.of();
        }
        Document doc = found.get();
        Map<String, String> overrides = new LinkedHashMap<>();
        list(doc, "overrides").forEach(o -> overrides.put(o.getString("key"), o.getString("classification")));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Document f : list(doc, "failures")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", Params.number(f.get("id")));
            row.put("job_id", jobId);
            row.put("job_name", Objects.requireNonNullElse(doc.getString("job_name"), ""));
            row.put("build_number", Params.number(doc.get("build_number")));
            row.put("test_name", f.getString("test_name"));
            row.put("error_message", Objects.requireNonNullElse(f.getString("message"), ""));
            row.put("error_signature", Objects.requireNonNullElse(f.getString("signature"), ""));
            row.put("classification", overrides.getOrDefault(f.getString("test_name"), ""));
            row.put("child_job_name", "");
            row.put("child_build_number", 0);
            row.put("analyzed_at", Params.time(f.get("at")));
            rows.add(row);
        }
        return rows;
    }

    private static boolean matches(Map<String, Object> row, @Nullable String needle, @Nullable String classification) {
        if (classification != null && !classification.equals(row.get("classification"))) {
            return false;
        }
        if (needle == null) {
            return true;
        }
        for (String field : List.of("test_name", "error_message", "job_name")) {
            if (String.valueOf(row.get(field)).toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private List<Map<String, Object>> labels(Document doc, List<Run> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        list(doc, "labels").forEach(l -> out.add(label(Label.of(l))));
        Run latestFailure = runs.stream().filter(Run::failed).reduce((a, b) -> b).orElse(null);
        if (latestFailure == null || latestFailure.signature() == null) {
            return out;
        }
        String signature = latestFailure.signature();
        List<String> withSignature = runs.stream().filter(r -> signature.equals(r.signature())).map(Run::jobId).toList();
        signatures.find(signature).ifPresent(sig -> {
            List<?> bugs = (List<?>) sig.getOrDefault("known_bugs", List.of());
            if (!bugs.isEmpty()) {
                out.add(label(new Label(Label.KNOWN_BUG, "signature_linked_to " + bugs.getLast(), withSignature)));
            }
            List<Document> history = list(sig, "classification_history");
            boolean classified = !history.isEmpty()
                    && Label.INFRASTRUCTURE.equalsIgnoreCase(history.getLast().getString("classification"));
            Document job = list(sig, "jobs").stream().filter(j -> latestFailure.jobId().equals(j.getString("job_id")))
                    .findFirst().orElse(null);
            int sharing = job == null ? 0 : ((List<?>) job.get("tests")).size();
            if (classified) {
                out.add(label(new Label(Label.INFRASTRUCTURE, "signature_classified_infrastructure", withSignature)));
            } else if (sharing >= settings.infrastructure().testsPerJob()) {
                out.add(label(new Label(Label.INFRASTRUCTURE, sharing + "_tests_failed_alike_in_one_job",
                        List.of(latestFailure.jobId()))));
            }
        });
        return out;
    }

    private static Map<String, Object> label(Label label) {
        return Map.of("label", label.label(), "reason", label.reason(), "evidence", label.evidence());
    }

    private static Map<String, Object> runRow(Run run) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("job_id", run.jobId());
        row.put("job_name", Objects.requireNonNullElse(run.jobName(), ""));
        row.put("build_number", run.buildNumber() == null ? 0 : run.buildNumber());
        row.put("outcome", run.outcome());
        row.put("error_message", Objects.requireNonNullElse(run.message(), ""));
        row.put("error_signature", Objects.requireNonNullElse(run.signature(), ""));
        row.put("analyzed_at", run.at().toString());
        return row;
    }

    static Map<String, Object> comment(Document c) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : List.of("id", "job_id", "test_name", "child_job_name", "child_build_number", "comment",
                "error_signature", "username")) {
            out.put(field, c.get(field));
        }
        out.put("created_at", Params.time(c.get("created_at")));
        return out;
    }

    private static int streak(List<Run> runs) {
        int streak = 0;
        for (Run run : runs.reversed()) {
            if (run.failed()) {
                streak++;
            } else if (run.passed()) {
                break;
            }
        }
        return streak;
    }

    private static String trend(List<JobFeeds.Entry> entries) {
        int n = Math.min(5, entries.size() / 2);
        if (n == 0) {
            return "stable";
        }
        long recent = entries.subList(entries.size() - n, entries.size()).stream().filter(e -> e.failures() > 0).count();
        long before = entries.subList(entries.size() - 2 * n, entries.size() - n).stream().filter(e -> e.failures() > 0)
                .count();
        return recent < before ? "improving" : recent > before ? "worsening" : "stable";
    }

    @SuppressWarnings("unchecked")
    static List<Document> list(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof List<?> l ? (List<Document>) l : List.of();
    }
}
