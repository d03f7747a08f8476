package dev.triage.analysis.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The rule-based classifier: the first rule whose conditions hold decides. Operator rules (when given) come before the
 * shipped ones, which go from infrastructure symptoms to test-code symptoms, product symptoms, where the failure was
 * thrown and finally assertions, so that a timeout inside an assertion message still counts as infrastructure.
 * Thread-safe and immutable.
 */
public class RuleClassifier {

    /** Used only when no rule at all matched (the shipped file ends with a catch-all, so only after a bad edit). */
    static final Classification FALLBACK = new Classification(Classification.CODE_ISSUE, 0.3, "default",
            "No rule recognised this failure; treated as a code issue until someone reviews it");

    private final List<Rule> rules;
    private final String version;

    /** The shipped rules only. */
    public RuleClassifier() {
        this(null, RuleBook.shipped());
    }

    /**
     * Operator rules first, then the given base rules.
     *
     * @param operator the operator's rules, or null for none
     */
    public RuleClassifier(@Nullable RuleBook operator, RuleBook base) {
        List<Rule> all = new ArrayList<>();
        if (operator != null) {
            all.addAll(operator.rules());
        }
        all.addAll(base.rules());
        this.rules = List.copyOf(all);
        this.version = base.version() + (operator == null ? "" : "+operator:" + operator.version());
    }

    /** Classifies one failure group from its representative failure. */
    public Classification classify(FailureEvidence evidence) {
        FailureFacts facts = FailureFacts.of(evidence);
        for (Rule rule : rules) {
            Optional<Classification> verdict = rule.apply(facts);
            if (verdict.isPresent()) {
                return verdict.get();
            }
        }
        return FALLBACK;
    }

    /** The version of the rules in use: the shipped version, plus the operator file's when there is one. */
    public String version() {
        return version;
    }

    /** How many rules are checked, operator rules included. */
    public int size() {
        return rules.size();
    }
}
