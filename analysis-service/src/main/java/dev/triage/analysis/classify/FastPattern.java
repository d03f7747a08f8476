package dev.triage.analysis.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A rule's regular expression, split into its top-level alternatives, each guarded by the literal text it starts
 * with. Java's regex engine tries every alternative at every position; most alternatives of a symptom list start with
 * a word that is absent from a given failure, and a plain {@code indexOf} on the lower-cased text rules them out
 * far faster. Matches exactly when the whole expression would (an alternative runs whenever its literal occurs or it
 * has none).
 */
final class FastPattern {

    /** Literals shorter than this filter too little to be worth a search. */
    private static final int MIN_LITERAL = 3;

    private record Alternative(@Nullable String literal, Pattern pattern) {
    }

    private final String source;
    private final List<Alternative> alternatives;

    private FastPattern(String source, List<Alternative> alternatives) {
        this.source = source;
        this.alternatives = alternatives;
    }

    static FastPattern compile(String regex, int flags) {
        Pattern.compile(regex, flags); // the whole expression must be valid; this reports the error where the author wrote it
        List<Alternative> alternatives = new ArrayList<>();
        for (String part : topLevelAlternatives(regex)) {
            String literal = leadingLiteral(part);
            alternatives.add(new Alternative(literal != null && literal.length() >= MIN_LITERAL ? literal : null,
                    Pattern.compile(part, flags)));
        }
        return new FastPattern(regex, alternatives);
    }

    /**
     * The matched text of the first alternative that matches, or null.
     *
     * @param value the text
     * @param lower the same text in lower case (computed once per failure, shared by all rules)
     */
    @Nullable String find(String value, String lower) {
        for (Alternative alternative : alternatives) {
            if (alternative.literal() != null && !lower.contains(alternative.literal())) {
                continue;
            }
            Matcher m = alternative.pattern().matcher(value);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return source;
    }

    /** Splits at '|' outside groups and character classes. */
    static List<String> topLevelAlternatives(String regex) {
        List<String> parts = new ArrayList<>();
        int[] start = {0};
        walk(regex, 0, 0, (i, c, depth) -> {
            if (c == '|' && depth == 0) {
                parts.add(regex.substring(start[0], i));
                start[0] = i + 1;
            }
            return true;
        });
        parts.add(regex.substring(start[0]));
        return parts;
    }

    /** The text of a group from {@code start} (just after its opening) to its closing parenthesis. */
    private static String groupContent(String regex, int start) {
        return regex.substring(start, walk(regex, start, 1, (i, c, depth) -> !(c == ')' && depth == 0)));
    }

    /** What {@link #walk} shows each structural character to. */
    private interface Step {
        /** @return false to stop the walk at this character */
        boolean next(int index, char c, int depth);
    }

    /**
     * Walks {@code regex} from {@code from}, showing {@code step} each character outside escapes and character classes
     * with the group depth after it (starting at {@code depth}).
     *
     * @return the index the step stopped at, or the length of {@code regex}
     */
    private static int walk(String regex, int from, int depth, Step step) {
        boolean inClass = false;
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            if (c == '[') {
                inClass = true;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (!step.next(i, c, depth)) {
                return i;
            }
        }
        return regex.length();
    }

    /**
     * The lower-cased literal every match of the alternative starts with (after anchors and inline flags), or null.
     * Stops at the first character that is not plain; drops a character that a quantifier makes optional.
     */
    static @Nullable String leadingLiteral(String alternative) {
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = alternative.length();
        // skip zero-width starts: ^, \b, inline flags such as (?m) and the opening of (?-i:...)
        while (i < n) {
            if (alternative.charAt(i) == '^') {
                i++;
            } else if (alternative.startsWith("\\b", i)) {
                i += 2;
            } else if (alternative.startsWith("(?", i) && i + 2 < n && "<=!".indexOf(alternative.charAt(i + 2)) < 0) {
                int end = i + 2;
                while (end < n && (Character.isLetter(alternative.charAt(end)) || alternative.charAt(end) == '-')) {
                    end++;
                }
                if (end < n && alternative.charAt(end) == ')') {
                    i = end + 1; // "(?m)" changes flags
                } else if (end < n && alternative.charAt(end) == ':' && topLevelAlternatives(groupContent(alternative, end + 1)).size() == 1) {
                    i = end + 1; // "(?-i:" opens a group whose content (one alternative) starts the match
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        while (i < n) {
            char c = alternative.charAt(i);
            char literalChar;
            int next;
            if (c == '\\' && i + 1 < n) {
                char e = alternative.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    break; // \d, \w, \s, \b ... are classes or anchors, not literals
                }
                literalChar = e;
                next = i + 2;
            } else if (Character.isLetterOrDigit(c) || c == ' ' || c == ':' || c == '_' || c == '-' || c == '/' || c == '\''
                    || c == '"' || c == ',' || c == '=' || c == '<' || c == '>' || c == '@' || c == '#' || c == '!') {
                literalChar = c;
                next = i + 1;
            } else {
                break;
            }
            if (next < n && "?*{".indexOf(alternative.charAt(next)) >= 0) {
                break; // this character may be absent
            }
            literal.append(literalChar);
            i = next;
            if (next < n && alternative.charAt(next) == '+') {
                break;
            }
        }
        return literal.isEmpty() ? null : literal.toString().toLowerCase(Locale.ROOT);
    }
}
