package dev.triage.analysis.classify;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Classifies a failure group without AI: a verdict people confirmed for this signature (or a near-identical one)
 * first, then the rules (the operator's, then the shipped ones). A store outage makes it fall back to the rules, never
 * fail the job.
 */
@Component
public class Classifier {

    private static final Logger log = LoggerFactory.getLogger(Classifier.class);

    private final OperatorRules rules;
    private final Supplier<@Nullable VerdictMemory> memory;

    @Autowired
    Classifier(OperatorRules rules, ObjectProvider<VerdictMemory> memory) {
        this(rules, resolvedOnce(memory));
    }

    /**
     * The memory looked up at first use rather than at construction, then kept: a bean look-up for every job was 2 % of
     * the worker's CPU under load.
     */
    private static Supplier<@Nullable VerdictMemory> resolvedOnce(ObjectProvider<VerdictMemory> provider) {
        return new Supplier<>() {
            private volatile boolean resolved;
            private volatile @Nullable VerdictMemory memory;

            @Override
            public @Nullable VerdictMemory get() {
                if (!resolved) {
                    memory = provider.getIfAvailable();
                    resolved = true;
                }
                return memory;
            }
        };
    }

    private Classifier(OperatorRules rules, Supplier<@Nullable VerdictMemory> memory) {
        this.rules = rules;
        this.memory = memory;
    }

    /** A classifier for one job's failure groups: the learned verdicts of all their signatures are read at once. */
    public Classifier forGroups(Collection<String> signatures) {
        VerdictMemory verdicts = memory.get();
        if (verdicts == null) {
            return this;
        }
        try {
            VerdictMemory read = verdicts.readAhead(signatures);
            return new Classifier(rules, () -> read);
        } catch (DataAccessException e) {
            // each group then tries on its own, and falls back to the rules as it would have
            return this;
        }
    }

    /** The verdict on one failure group, identified by its signature and represented by its first failure. */
    public Classification classify(String signature, FailureEvidence evidence) {
        VerdictMemory verdicts = memory.get();
        if (verdicts != null) {
            try {
                Optional<Classification> learned = verdicts.recall(signature, evidence);
                if (learned.isPresent()) {
                    return learned.get();
                }
                verdicts.observe(signature, evidence);
            } catch (DataAccessException e) {
                log.warn("Learned verdicts unavailable, classifying {} by rules: {}", signature, e.getMessage());
            }
        }
        return rules.current().classify(evidence);
    }

    /** The rules alone, as {@link RuleClassifier#classify(FailureEvidence)}. */
    public RuleClassifier rules() {
        return rules.current();
    }
}
