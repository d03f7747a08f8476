package dev.triage.gateway.deadletters;

import dev.triage.events.Topic;
import dev.triage.gateway.access.Principals;
import dev.triage.platform.deadletters.DeadLetter;
import dev.triage.platform.deadletters.DeadLetterTopic;
import dev.triage.platform.deadletters.DeadLetters;
import dev.triage.platform.deadletters.RecordRef;
import dev.triage.platform.deadletters.Redrive;
import dev.triage.platform.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/admin/dead-letters}: every topic's dead-letter count, or with {@code ?topic=} the newest dead letters
 * of one topic with their reason. {@code POST /api/admin/dead-letters/redrive}: publishes chosen dead letters to their
 * original topic again, once per dead letter however often it is asked.
 */
@RestController
class DeadLettersController {

    /** The most records one re-drive call takes. */
    static final int MAX_REDRIVE = 100;
    private static final int DEFAULT_LIMIT = 50;

    private static final Logger log = LoggerFactory.getLogger(DeadLettersController.class);
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/admin/dead-letters")
    Map<String, Object> list(@RequestParam(required = false) @Nullable String topic,
            @RequestParam(required = false) @Nullable String limit) {
        if (topic == null) {
            List<Map<String, Object>> topics = new ArrayList<>();
            kafka(deadLetters::counts).forEach((name, count) -> topics.add(ordered("topic", name,
                    "dead_letter_topic", name + Topic.DEAD_LETTER_SUFFIX, "count", count)));
            return Map.of("topics", topics);
        }
        Topic<?> declared = declared(topic, "topic");
        int max = limit(limit);
        DeadLetterTopic page = kafka(() -> deadLetters.list(declared, max));
        Map<String, Object> out = ordered("topic", page.topic(), "dead_letter_topic", page.deadLetterTopic(),
                "total", page.total(), "complete", page.complete());
        out.put("records", page.records().stream().map(DeadLettersController::row).toList());
        return out;
    }

    @PostMapping(path = "/api/admin/dead-letters/redrive", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> redrive(@RequestBody(required = false) @Nullable String body) {
        List<RecordRef> refs = refs(body);
        List<Redrive> results = kafka(() -> deadLetters.redrive(refs));
        log.info("Re-drive of {} dead letters by {}: {}", refs.size(), Principals.currentActor(),
                results.stream().map(r -> r.topic() + ".dlt/" + r.partition() + "/" + r.offset() + "=" + r.status().wire()).toList());
        return Map.of("results", results.stream().map(DeadLettersController::row).toList());
    }

    private static List<RecordRef> refs(@Nullable String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", "The request body must be a JSON object");
        }
        List<String> unknown = new ArrayList<>();
        node.propertyNames().forEach(name -> {
            if (!name.equals("records")) {
                unknown.add(name.length() > 64 ? name.substring(0, 64) : name);
            }
        });
        if (!unknown.isEmpty()) {
            throw invalid("Unknown fields", unknown);
        }
        JsonNode records = node.get("records");
        if (records == null || !records.isArray() || records.isEmpty() || records.size() > MAX_REDRIVE) {
            throw invalid("An array of 1 to " + MAX_REDRIVE + " {topic, partition, offset} objects", List.of("records"));
        }
        Set<RecordRef> refs = new LinkedHashSet<>();
        for (JsonNode item : records) {
            if (!item.isObject() || item.size() != 3 || !(item.get("topic") instanceof JsonNode t && t.isString())
                    || !isInteger(item.get("partition"), Integer.MAX_VALUE) || !isInteger(item.get("offset"), Long.MAX_VALUE)) {
                throw invalid("Each record is {topic: string, partition: integer >= 0, offset: integer >= 0}", List.of("records"));
            }
            Topic<?> topic = declared(item.get("topic").asString(), "records");
            refs.add(new RecordRef(topic.name(), item.get("partition").asInt(), item.get("offset").asLong()));
        }
        return List.copyOf(refs);
    }

    private static boolean isInteger(@Nullable JsonNode v, long max) {
        return v != null && v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0 && v.asLong() <= max;
    }

    private static Topic<?> declared(String name, String field) {
        if (name.length() > 200) {
            throw invalid("Not a Triage topic", List.of(field));
        }
        return DeadLetters.topic(name).orElseThrow(() -> invalid("Not a Triage topic", List.of(field)));
    }

    private static int limit(@Nullable String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= DeadLetters.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "limit must be 1.." + DeadLetters.MAX_LIMIT,
                Map.of("parameter", "limit"));
    }

    /** Kafka unreachable is a dependency outage: 503 with Retry-After, not a 500. */
    private static <T> T kafka(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (KafkaException e) {
            log.warn("Dead letters unavailable: {}", e.toString());
            throw ApiException.unavailable("Kafka", 10);
        }
    }

    private static ApiException invalid(String message, List<String> fields) {
        return ApiException.unprocessable("validation_error", message, Map.of("fields", fields));
    }

    private static Map<String, Object> row(DeadLetter d) {
        Map<String, Object> out = ordered("partition", d.partition(), "offset", d.offset(), "key", d.key(),
                "timestamp", d.timestamp().toString());
        out.put("exception", d.exception());
        out.put("reason", d.reason());
        out.put("original_partition", d.originalPartition());
        out.put("original_offset", d.originalOffset());
        out.put("value_size", d.valueSize());
        out.put("value_preview", d.valuePreview());
        out.put("redriven", d.redrive() == null ? null : ordered("at", String.valueOf(d.redrive().at()),
                "to_partition", d.redrive().toPartition(), "to_offset", d.redrive().toOffset()));
        return out;
    }

    private static Map<String, Object> row(Redrive r) {
        Map<String, Object> out = ordered("topic", r.topic(), "partition", r.partition(), "offset", r.offset(),
                "status", r.status().wire());
        if (r.at() != null) {
            out.put("redriven_at", r.at().toString());
            out.put("to_partition", r.toPartition());
            out.put("to_offset", r.toOffset());
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
