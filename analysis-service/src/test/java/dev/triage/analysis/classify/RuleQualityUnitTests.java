package dev.triage.analysis.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules measured on the labelled evaluation set (docs/classification.md, "Measuring quality"). Prints
 * precision, recall and F1 per class and the confusion matrix; fails when macro-F1 drops below 0.80.
 */
class RuleQualityUnitTests {

    @Test
    void theShippedRulesReachAMacroF1OfAtLeast080() {
        List<EvaluationSet.Item> items = EvaluationSet.load();
        RuleClassifier rules = new RuleClassifier();
        Scores all = new Scores();
        StringBuilder misses = new StringBuilder();
        for (String part : EvaluationSet.PARTS) {
            Scores scores = new Scores();
            for (EvaluationSet.Item item : items.stream().filter(i -> i.part().equals(part)).toList()) {
                Classification verdict = rules.classify(item.evidence());
                scores.add(item.label(), verdict.category());
                all.add(item.label(), verdict.category());
                if (!verdict.category().equals(item.label())) {
                    misses.append("  ").append(item.id()).append(": labelled ").append(item.label()).append(", rule ")
                            .append(verdict.rule()).append(" said ").append(verdict.category()).append(": ").append(verdict.reason()).append("\n");
                }
            }
            System.out.println(scores.report("Rules " + rules.version() + " on the " + part + " part"));
        }
        System.out.println(all.report("Rules " + rules.version() + " on the whole set"));
        System.out.println("Misclassified:\n" + misses);

        // speed: the whole set classified 20 times after a warm-up round, on one thread
        items.forEach(i -> rules.classify(i.evidence()));
        long start = System.nanoTime();
        for (int round = 0; round < 20; round++) {
            items.forEach(i -> rules.classify(i.evidence()));
        }
        System.out.printf(java.util.Locale.ROOT, "Speed: %.1f µs per failure group (%d rules)%n",
                (System.nanoTime() - start) / 1_000.0 / (20.0 * items.size()), rules.size());

        assertThat(items).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.macroF1()).as("macro-F1 of the shipped rules").isGreaterThanOrEqualTo(0.80);
    }
}
