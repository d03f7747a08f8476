package dev.triage.analysis.classify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Gauges of the rules in use, so that an operator can alert on an operator rules file that is not being used:
 * {@code triage_classification_rules} (rules checked per failure group, the operator's included) and
 * {@code triage_classification_operator_rules_invalid} (1 while the operator's file is invalid and ignored).
 */
@Component
class ClassificationMetrics {

    ClassificationMetrics(OperatorRules rules, MeterRegistry registry) {
        Gauge.builder("triage.classification.rules", rules, r -> r.current().size())
                .description("Classification rules checked per failure group, operator rules included")
                .register(registry);
        Gauge.builder("triage.classification.operator.rules.invalid", rules, r -> r.problem() == null ? 0 : 1)
                .description("1 while the operator's classification rules file is invalid and ignored")
                .register(registry);
    }
}
