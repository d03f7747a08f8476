package dev.triage.analysis.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A versioned list of classification rules read from a YAML file (format in docs/classification.md). Immutable.
 *
 * @param version the file's {@code version}
 * @param source  where it was read from
 * @param rules   in file order
 */
public record RuleBook(String version, String source, List<Rule> rules) {

    /** The rules file shipped in the service's resources. */
    public static final String SHIPPED = "classify/classification-rules.yml";

    private static final Set<String> CATEGORIES = Set.of(Classification.CODE_ISSUE, Classification.PRODUCT_BUG,
            Classification.INFRASTRUCTURE);
    private static final Set<String> RULE_KEYS = Set.of("name", "category", "confidence", "reason", "when", "unless",
            "case_sensitive");
    private static final Set<String> CONDITION_KEYS = Set.of("exception", "message", "stack", "console", "test", "text",
            "thrown_in", "failure");
    /** Files bigger than this are refused: a rules file is hand-written, and each rule costs time on every failure group. */
    static final int MAX_BYTES = 1_000_000;

    public RuleBook {
        rules = List.copyOf(rules);
    }

    /** The shipped rules. */
    public static RuleBook shipped() {
        try (InputStream in = RuleBook.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("The shipped rules file " + SHIPPED + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SHIPPED);
        } catch (IOException e) {
            throw new IllegalStateException("The shipped rules file " + SHIPPED + " could not be read", e);
        }
    }

    /**
     * Reads a rules file.
     *
     * @throws RulesFileException when it cannot be read or breaks the format; the message says where and why
     */
    public static RuleBook load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new RulesFileException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new RulesFileException(file + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses the text of a rules file.
     *
     * @throws RulesFileException when it breaks the format
     */
    public static RuleBook parse(String yaml, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new RulesFileException(source + ": not valid YAML: " + e.getMessage().replaceAll("\\s+", " "), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new RulesFileException(source + ": expected a mapping with 'version' and 'rules'");
        }
        Object version = top.get("version");
        if (version == null || version.toString().isBlank()) {
            throw new RulesFileException(source + ": 'version' is missing");
        }
        if (!(top.get("rules") instanceof List<?> list)) {
            throw new RulesFileException(source + ": 'rules' must be a list");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Rule rule = rule(list.get(i), source, i + 1);
            if (!names.add(rule.name())) {
                throw new RulesFileException(source + ": rule #" + (i + 1) + ": the name '" + rule.name() + "' is used twice");
            }
            rules.add(rule);
        }
        return new RuleBook(version.toString(), source, rules);
    }

    private static Rule rule(Object item, String source, int index) {
        String where = source + ": rule #" + index;
        if (!(item instanceof Map<?, ?> map)) {
            throw new RulesFileException(where + ": expected a mapping");
        }
        for (Object key : map.keySet()) {
            if (!RULE_KEYS.contains(String.valueOf(key))) {
                throw new RulesFileException(where + ": unknown key '" + key + "' (allowed: " + RULE_KEYS + ")");
            }
        }
        String name = text(map, "name", where);
        where = where + " '" + name + "'";
        String category = text(map, "category", where).strip().toUpperCase(Locale.ROOT);
        if (!CATEGORIES.contains(category)) {
            throw new RulesFileException(where + ": category must be one of " + CATEGORIES + ", not '" + category + "'");
        }
        if (!(map.get("confidence") instanceof Number confidence) || !(confidence.doubleValue() >= 0 && confidence.doubleValue() <= 1)) {
            throw new RulesFileException(where + ": confidence must be a number from 0 to 1");
        }
        String reason = text(map, "reason", where);
        boolean caseSensitive = Boolean.TRUE.equals(map.get("case_sensitive"));
        return new Rule(name, category, confidence.doubleValue(), reason,
                conditions(map.get("when"), where + ": when", caseSensitive),
                conditions(map.get("unless"), where + ": unless", caseSensitive), source);
    }

    private static List<Rule.Condition> conditions(Object value, String where, boolean caseSensitive) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new RulesFileException(where + ": expected a mapping of conditions");
        }
        List<Rule.Condition> conditions = new ArrayList<>();
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object v = entry.getValue();
            switch (key) {
                case "thrown_in" -> conditions.add(new Rule.ThrownIn(kinds(v, where)));
                case "failure" -> {
                    String kind = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
                    if (!kind.equals("assertion") && !kind.equals("error")) {
                        throw new RulesFileException(where + ": failure must be 'assertion' or 'error', not '" + v + "'");
                    }
                    conditions.add(new Rule.FailureKind(kind.equals("assertion")));
                }
                default -> {
                    if (!CONDITION_KEYS.contains(key)) {
                        throw new RulesFileException(where + ": unknown condition '" + key + "' (allowed: " + CONDITION_KEYS + ")");
                    }
                    if (!(v instanceof String regex) || regex.isEmpty()) {
                        throw new RulesFileException(where + ": '" + key + "' must be a non-empty regular expression");
                    }
                    try {
                        conditions.add(new Rule.Matches(Rule.Field.valueOf(key.toUpperCase(Locale.ROOT)),
                                FastPattern.compile(regex, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE)));
                    } catch (PatternSyntaxException e) {
                        throw new RulesFileException(where + ": '" + key + "' is not a valid regular expression: "
                                + e.getDescription() + " near index " + e.getIndex());
                    }
                }
            }
        }
        return conditions;
    }

    private static Set<StackLocations.Kind> kinds(Object value, String where) {
        List<?> values = value instanceof List<?> l ? l : List.of(String.valueOf(value));
        Set<StackLocations.Kind> kinds = EnumSet.noneOf(StackLocations.Kind.class);
        for (Object v : values) {
            try {
                kinds.add(StackLocations.Kind.valueOf(String.valueOf(v).strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new RulesFileException(where + ": thrown_in must be test, product, framework or none, not '" + v + "'");
            }
        }
        return kinds;
    }

    private static String text(Map<?, ?> map, String key, String where) {
        Object value = map.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new RulesFileException(where + ": '" + key + "' is missing");
        }
        return value.toString();
    }
}
