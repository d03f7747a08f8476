package dev.triage.analysis.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The literal pre-checks change speed, never answers: every shipped pattern agrees with plain Java regex everywhere. */
class FastPatternUnitTests {

    @Test
    void leadingLiteralsSkipAnchorsAndFlagsAndStopWhereTextMayVary() {
        assertThat(FastPattern.leadingLiteral("Connection refused")).isEqualTo("connection refused");
        assertThat(FastPattern.leadingLiteral("(?-i:\\bEPIPE\\b)")).isEqualTo("epipe");
        assertThat(FastPattern.leadingLiteral("(?m)^panic: ")).isEqualTo("panic: ");
        assertThat(FastPattern.leadingLiteral("errors? found")).isEqualTo("error");
        assertThat(FastPattern.leadingLiteral("fatal: (could|unable)")).isEqualTo("fatal: ");
        assertThat(FastPattern.leadingLiteral("Net::(Read|Open)Timeout")).isEqualTo("net::");
        assertThat(FastPattern.leadingLiteral("(?-i:REQUIRE|CHECK)")).isNull();
        assertThat(FastPattern.leadingLiteral("\\d+ ms")).isNull();
        assertThat(FastPattern.leadingLiteral("(?<![Tt]est )timeout")).isNull();
        assertThat(FastPattern.topLevelAlternatives("a|(b|c)|[|]|d\\|e")).containsExactly("a", "(b|c)", "[|]", "d\\|e");
    }

    @Test
    void everyShippedPatternMatchesExactlyWhereTheWholeExpressionMatches() {
        List<EvaluationSet.Item> items = EvaluationSet.load();
        int checked = 0;
        for (Rule rule : RuleBook.shipped().rules()) {
            for (Rule.Condition condition : rule.when()) {
                if (condition instanceof Rule.Matches matches) {
                    Pattern plain = Pattern.compile(matches.pattern().toString(), Pattern.CASE_INSENSITIVE);
                    for (EvaluationSet.Item item : items) {
                        FailureFacts facts = FailureFacts.of(item.evidence());
                        boolean expected = plain.matcher(facts.text()).find();
                        boolean fast = matches.pattern().find(facts.text(), facts.lower().text()) != null;
                        assertThat(fast).as(rule.name() + " on " + item.id()).isEqualTo(expected);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(5_000);
    }
}
