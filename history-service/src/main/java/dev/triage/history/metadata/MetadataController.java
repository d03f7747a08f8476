package dev.triage.history.metadata;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import dev.triage.history.api.Params;
import dev.triage.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Job metadata ({@code job_metadata} collection, {@code _id} = job name). One job is a key lookup; the filtered list
 * reads the collection, which holds one small document per CI job. Every filter is an exact match.
 */
@RestController
class MetadataController {

    static final String COLLECTION = "job_metadata";
    static final int MAX_BULK = 1000;
    static final int MAX_VALUE = 200;
    static final int MAX_LABELS = 100;
    static final int MAX_ROWS = 10_000;
    private static final List<String> SCALARS = List.of("team", "tier", "version");

    private final MongoTemplate mongo;
    private final MetadataRules rules;

    MetadataController(MongoTemplate mongo, MetadataRules rules) {
        this.mongo = mongo;
        this.rules = rules;
    }

    @GetMapping("/internal/jobs/metadata")
    List<Map<String, Object>> list(@RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String tier, @RequestParam(required = false) @Nullable String version,
            @RequestParam(name = "label", required = false) @Nullable List<String> labels) {
        Query query = new Query();
        Map<String, @Nullable String> filters = new LinkedHashMap<>();
        filters.put("team", Params.filter(team, "team"));
        filters.put("tier", Params.filter(tier, "tier"));
        filters.put("version", Params.filter(version, "version"));
        filters.forEach((field, value) -> {
            if (value != null) {
                query.addCriteria(where(field).is(value));
            }
        });
        if (labels != null && !labels.isEmpty()) {
            labels.forEach(l -> Params.name(l, "label"));
            query.addCriteria(where("labels").all(labels));
        }
        query.with(Sort.by("_id")).limit(MAX_ROWS);
        return mongo.find(query, Document.class, COLLECTION).stream().map(MetadataController::view).toList();
    }

    @GetMapping("/internal/jobs/metadata/one")
    Map<String, Object> one(@RequestParam(name = "job_name", required = false) @Nullable String jobName) {
        String name = Params.name(jobName, "job_name");
        Document doc = mongo.findById(name, Document.class, COLLECTION);
        if (doc == null) {
            throw ApiException.notFound("Job metadata", name);
        }
        return view(doc);
    }

    @PutMapping("/internal/jobs/metadata/one")
    Map<String, Object> put(@RequestParam(name = "job_name", required = false) @Nullable String jobName,
            @RequestBody JsonNode body) {
        String name = Params.name(jobName, "job_name");
        requireObject(body, "body");
        Document doc = mongo.findById(name, Document.class, COLLECTION);
        Document next = doc == null ? new Document("_id", name).append("team", null).append("tier", null)
                .append("version", null).append("labels", List.of()) : doc;
        for (String field : SCALARS) {
            if (body.has(field)) {
                next.put(field, scalar(body.get(field), field));
            }
        }
        if (body.has("labels")) {
            next.put("labels", labels(body.get("labels")));
        }
        mongo.save(next, COLLECTION);
        return view(next);
    }

    @DeleteMapping("/internal/jobs/metadata/one")
    Map<String, Object> delete(@RequestParam(name = "job_name", required = false) @Nullable String jobName) {
        String name = Params.name(jobName, "job_name");
        if (mongo.remove(Query.query(where("_id").is(name)), COLLECTION).getDeletedCount() == 0) {
            throw ApiException.notFound("Job metadata", name);
        }
        return Map.of("status", "deleted", "job_name", name);
    }

    @PutMapping("/internal/jobs/metadata/bulk")
    Map<String, Object> bulk(@RequestBody JsonNode body) {
        requireObject(body, "body");
        JsonNode items = body.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BULK) {
            throw ApiException.unprocessable("validation_error", "items must hold 1 to " + MAX_BULK + " rows",
                    Map.of("fields", List.of("items"), "max", MAX_BULK));
        }
        List<Document> rows = new ArrayList<>();
        for (JsonNode item : items) {
            requireObject(item, "items[]");
            String name = Params.name(item.path("job_name").isString() ? item.get("job_name").asString() : null,
                    "items[].job_name");
            Document row = new Document("_id", name);
            for (String field : SCALARS) {
                row.put(field, item.has(field) ? scalar(item.get(field), field) : null);
            }
            row.put("labels", item.has("labels") ? labels(item.get("labels")) : List.of());
            rows.add(row);
        }
        rows.forEach(row -> mongo.save(row, COLLECTION));
        return Map.of("updated", rows.size());
    }

    @GetMapping("/internal/jobs/metadata/rules")
    Map<String, Object> rules() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rules_file", rules.file());
        out.put("rules", rules.describe());
        return out;
    }

    @PostMapping("/internal/jobs/metadata/rules/preview")
    Map<String, Object> preview(@RequestBody JsonNode body) {
        requireObject(body, "body");
        String name = Params.name(body.path("job_name").isString() ? body.get("job_name").asString() : null, "job_name");
        var metadata = rules.preview(name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_name", name);
        out.put("matched", metadata.isPresent());
        out.put("metadata", metadata.orElse(null));
        return out;
    }

    static Map<String, Object> view(Document doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_name", doc.getString("_id"));
        for (String field : SCALARS) {
            out.put(field, doc.getString(field));
        }
        out.put("labels", doc.getOrDefault("labels", List.of()));
        return out;
    }

    private static @Nullable String scalar(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString() || value.asString().length() > MAX_VALUE) {
            throw ApiException.unprocessable("validation_error", field + " must be a string of at most " + MAX_VALUE
                    + " characters or null", Map.of("fields", List.of(field)));
        }
        return value.asString();
    }

    private static List<String> labels(JsonNode value) {
        if (!value.isArray() || value.size() > MAX_LABELS) {
            throw ApiException.unprocessable("validation_error", "labels must be an array of at most " + MAX_LABELS
                    + " strings", Map.of("fields", List.of("labels")));
        }
        LinkedHashSet<String> labels = new LinkedHashSet<>();
        for (JsonNode label : value) {
            if (!label.isString() || label.asString().isBlank() || label.asString().length() > MAX_VALUE) {
                throw ApiException.unprocessable("validation_error", "each label must be a non-empty string",
                        Map.of("fields", List.of("labels")));
            }
            labels.add(label.asString());
        }
        return List.copyOf(labels);
    }

    private static void requireObject(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw ApiException.unprocessable("validation_error", what + " must be a JSON object", Map.of("fields", List.of(what)));
        }
    }
}
