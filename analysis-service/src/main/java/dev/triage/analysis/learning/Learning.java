package dev.triage.analysis.learning;

import dev.triage.analysis.classify.Classification;
import dev.triage.analysis.classify.FailureEvidence;
import dev.triage.analysis.jobs.AnalysisResults;
import dev.triage.events.history.ClassificationOverridden;
import dev.triage.platform.kafka.PoisonMessageException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Learning one override: finds the failure group's signature (from the event, or from this service's stored result of
 * the job when the history did not know it) and what it looked like (recorded when a job classified it, or the stored
 * result's message), and remembers the person's verdict for it.
 */
@Service
class Learning {

    private static final Logger log = LoggerFactory.getLogger(Learning.class);
    private static final Set<String> CATEGORIES = Set.of(Classification.CODE_ISSUE, Classification.PRODUCT_BUG,
            Classification.INFRASTRUCTURE);

    private final LearnedVerdicts verdicts;
    private final AnalysisResults results;

    Learning(LearnedVerdicts verdicts, AnalysisResults results) {
        this.verdicts = verdicts;
        this.results = results;
    }

    /**
     * Applies one override.
     *
     * @return false when nothing changed: a duplicate, an override older than the stored one, or a failure this
     *     service cannot identify
     * @throws PoisonMessageException when the event breaks the contract (an unknown classification)
     */
    boolean apply(ClassificationOverridden event) {
        if (!CATEGORIES.contains(event.classification())) {
            throw new PoisonMessageException("override " + event.eventId() + " has the unknown classification '"
                    + event.classification() + "'");
        }
        Optional<Document> failure = storedFailure(event.jobId(), event.testName());
        String signature = event.signature() != null && !event.signature().isBlank() ? event.signature()
                : failure.map(f -> f.getString("error_signature")).orElse(null);
        if (signature == null) {
            log.warn("Override {} of {} in job {} names no signature and the job has no stored result here; not learned",
                    event.eventId(), event.testName(), event.jobId());
            return false;
        }
        Tokens.Material material = verdicts.evidence(signature)
                .or(() -> failure.map(f -> Tokens.of(new FailureEvidence(event.testName(), f.getString("error_type"),
                        text(f.getString("error")), ""))))
                .orElse(new Tokens.Material("-", Set.of()));
        return verdicts.learn(new LearnedVerdict(signature, event.classification(), event.actor(), event.occurredAt(),
                event.jobId(), material.bucket(), material.tokens()), event.eventId().toString());
    }

    @SuppressWarnings("unchecked")
    private Optional<Document> storedFailure(String jobId, String testName) {
        return results.find(jobId).map(doc -> doc.get("result", Document.class))
                .flatMap(result -> ((List<Document>) result.getOrDefault("failures", List.of())).stream()
                        .filter(f -> testName.equals(f.getString("test_name")) || testName.equals(f.getString("test_id")))
                        .findFirst());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
