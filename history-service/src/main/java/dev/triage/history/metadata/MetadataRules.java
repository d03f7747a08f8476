package dev.triage.history.metadata;

import dev.triage.history.HistoryProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata rules of {@code triage.history.rules-file}, read at start. A pattern with a named group or starting with
 * {@code ^} is a regex matched against the whole name; any other is a glob ({@code *}, {@code ?}). Values may use
 * {@code {group}} to insert a named group. The first matching rule sets team, tier and version; labels accumulate.
 */
@Component
class MetadataRules {

    private static final Logger log = LoggerFactory.getLogger(MetadataRules.class);
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>");

    private final @Nullable String file;
    private final List<Rule> rules;

    MetadataRules(HistoryProperties settings, JsonMapper json) {
        String configured = settings.rulesFile();
        List<Rule> loaded = new ArrayList<>();
        if (configured.isBlank()) {
            this.file = null;
        } else {
            Path path = Path.of(configured);
            this.file = path.getFileName().toString();
            try {
                for (JsonNode node : json.readTree(Files.readString(path)).path("rules")) {
                    loaded.add(Rule.of(node));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Metadata rules file {} not loaded: {}", path, e.toString());
                loaded.clear();
            }
        }
        this.rules = List.copyOf(loaded);
    }

    @Nullable String file() {
        return file;
    }

    List<Map<String, Object>> describe() {
        return rules.stream().map(Rule::describe).toList();
    }

    /** What the rules assign to a job name, or empty when none matches. */
    Optional<Map<String, Object>> preview(String jobName) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_name", jobName);
        out.put("team", null);
        out.put("tier", null);
        out.put("version", null);
        Set<String> labels = new LinkedHashSet<>();
        boolean matched = false;
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(jobName);
            if (!m.matches()) {
                continue;
            }
            matched = true;
            for (String field : List.of("team", "tier", "version")) {
                String value = rule.values().get(field);
                if (out.get(field) == null && value != null) {
                    out.put(field, substitute(value, m, rule.groups()));
                }
            }
            rule.labels().forEach(l -> labels.add(substitute(l, m, rule.groups())));
        }
        out.put("labels", List.copyOf(labels));
        return matched ? Optional.of(out) : Optional.empty();
    }

    private static String substitute(String value, Matcher m, List<String> groups) {
        String out = value;
        for (String group : groups) {
            String found = m.group(group);
            out = out.replace("{" + group + "}", found == null ? "" : found);
        }
        return out;
    }

    static Pattern compile(String pattern) {
        if (pattern.startsWith("^") || GROUP_NAME.matcher(pattern).find()) {
            return Pattern.compile(pattern);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** One rule as loaded. */
    record Rule(String text, Pattern pattern, List<String> groups, Map<String, String> values, @Nullable List<String> labels) {

        static Rule of(JsonNode node) {
            String text = node.path("pattern").asString();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a rule without a pattern");
            }
            List<String> groups = new ArrayList<>();
            Matcher names = GROUP_NAME.matcher(text);
            while (names.find()) {
                groups.add(names.group(1));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String field : List.of("team", "tier", "version")) {
                if (node.hasNonNull(field)) {
                    values.put(field, node.get(field).asString());
                }
            }
            List<String> labels = new ArrayList<>();
            node.path("labels").forEach(l -> labels.add(l.asString()));
            return new Rule(text, compile(text), List.copyOf(groups), values, node.has("labels") ? labels : null);
        }

        Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("pattern", text);
            out.putAll(values);
            if (labels != null) {
                out.put("labels", labels);
            }
            return out;
        }

        @Override
        public List<String> labels() {
            return labels == null ? List.of() : labels;
        }
    }
}
