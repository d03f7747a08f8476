package dev.triage.analysis.classify;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One classification rule: all conditions of {@code when} must hold and none of {@code unless}.
 *
 * @param name       unique within its file; shown as {@link Classification#rule()}
 * @param category   {@code CODE ISSUE}, {@code PRODUCT BUG} or {@code INFRASTRUCTURE}
 * @param confidence from 0 to 1
 * @param reason     the sentence shown to people; {@code {exception}}, {@code {frame}} and {@code {match}} are filled in
 * @param when       conditions that must all hold; none means the rule always applies
 * @param unless     conditions any of which skips the rule
 * @param source     the file the rule came from, for people reading logs
 */
record Rule(String name, String category, double confidence, String reason, List<Condition> when, List<Condition> unless,
        String source) {

    /** Fields a regular expression can look at. */
    enum Field {
        EXCEPTION, MESSAGE, STACK, CONSOLE, TEST, TEXT
    }

    /** One condition: a pattern on a field, where the failure was thrown, or what kind of failure it is. */
    sealed interface Condition permits Matches, ThrownIn, FailureKind {
        /** The matched text, "" when the condition holds without a text match, or null when it does not hold. */
        @Nullable String test(FailureFacts facts);
    }

    record Matches(Field field, FastPattern pattern) implements Condition {
        @Override
        public @Nullable String test(FailureFacts facts) {
            return switch (field) {
                case EXCEPTION -> pattern.find(facts.exception(), facts.lower().exception());
                case MESSAGE -> pattern.find(facts.message(), facts.lower().message());
                case STACK -> pattern.find(facts.stack(), facts.lower().stack());
                case CONSOLE -> pattern.find(facts.console(), facts.lower().console());
                case TEST -> pattern.find(facts.test(), facts.lower().test());
                case TEXT -> pattern.find(facts.text(), facts.lower().text());
            };
        }
    }

    record ThrownIn(Set<StackLocations.Kind> kinds) implements Condition {
        @Override
        public @Nullable String test(FailureFacts facts) {
            return kinds.contains(facts.location().kind()) ? "" : null;
        }
    }

    record FailureKind(boolean assertion) implements Condition {
        @Override
        public @Nullable String test(FailureFacts facts) {
            return facts.assertion() == assertion ? "" : null;
        }
    }

    Optional<Classification> apply(FailureFacts facts) {
        String matched = "";
        for (Condition condition : when) {
            String hit = condition.test(facts);
            if (hit == null) {
                return Optional.empty();
            }
            if (matched.isEmpty()) {
                matched = hit;
            }
        }
        for (Condition condition : unless) {
            if (condition.test(facts) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new Classification(category, confidence, name, explain(facts, matched)));
    }

    private String explain(FailureFacts facts, String matched) {
        String excerpt = excerpt(matched);
        String text = reason.replace("{exception}", facts.exceptionName())
                .replace("{frame}", facts.location().frame().isEmpty() ? "no frame" : excerpt(facts.location().frame()))
                .replace("{match}", excerpt);
        if (!reason.contains("{match}") && !excerpt.isEmpty()) {
            text = text + " (matched \"" + excerpt + "\")";
        }
        return text;
    }

    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
