package dev.triage.analysis.classify;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.triage.analysis.ingest.Signatures;
import dev.triage.analysis.learning.LearningFixtures;
import dev.triage.events.history.ClassificationOverridden;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * The gain from learning: 20 % of the evaluation set (a deterministic split by a hash of the item id) is fed back as
 * overrides through the production learning components on an in-memory store, then the other 80 % is classified by
 * the production {@link Classifier} and compared with the rules alone on the same items. Prints both.
 */
class LearningQualityUnitTests {

    private final MongoServer server = new MongoServer(new MemoryBackend());

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void feedingBackAFifthOfTheLabelsDoesNotMakeTheRestWorse() {
        List<EvaluationSet.Item> items = EvaluationSet.load().stream()
                .sorted(Comparator.comparing(i -> Signatures.legacy(i.id(), ""))).toList();
        int feedbackCount = (int) Math.ceil(items.size() * 0.2);
        List<EvaluationSet.Item> feedback = items.subList(0, feedbackCount);
        List<EvaluationSet.Item> rest = items.subList(feedbackCount, items.size());

        var mongo = new MongoTemplate(new SimpleMongoClientDatabaseFactory(MongoClients.create(server.bindAndGetConnectionString()),
                "learning-eval"));
        var properties = RulesFileUnitTests.analysisProperties(Path.of("target/no-operator-rules.yml"), false);
        var learning = new LearningFixtures(mongo, properties);
        var beans = new StaticListableBeanFactory(Map.of("verdicts", learning.verdicts()));
        var classifier = new Classifier(new OperatorRules(properties), beans.getBeanProvider(VerdictMemory.class));

        // people see the fed-back groups in a job, then override their classification with the label
        for (EvaluationSet.Item item : feedback) {
            classifier.classify(item.signature(), item.evidence());
            learning.apply(new ClassificationOverridden(UUID.randomUUID(), Instant.now(), "eval", 1, "eval-job",
                    item.evidence().testId(), item.signature(), item.label(), "", 0, "eval"));
        }

        RuleClassifier rules = new RuleClassifier();
        Scores rulesOnly = new Scores();
        Scores withLearning = new Scores();
        int learned = 0;
        for (EvaluationSet.Item item : rest) {
            rulesOnly.add(item.label(), rules.classify(item.evidence()).category());
            Classification verdict = classifier.classify(item.signature(), item.evidence());
            withLearning.add(item.label(), verdict.category());
            if (verdict.rule().equals("learned")) {
                learned++;
                System.out.println("  learned for " + item.id() + " (" + item.label() + "): " + verdict.category() + " - "
                        + verdict.reason());
            }
        }
        System.out.println("Fed back " + feedback.size() + " of " + items.size() + " labels as overrides; "
                + learned + " of the other " + rest.size() + " groups got a learned verdict\n");
        System.out.println(rulesOnly.report("Rules alone on the other 80 %"));
        System.out.println(withLearning.report("Rules + learned verdicts on the other 80 %"));

        // the same failure groups in a later job (the common case: a failure recurs until fixed)
        Scores recurringRules = new Scores();
        Scores recurringLearned = new Scores();
        for (EvaluationSet.Item item : feedback) {
            recurringRules.add(item.label(), rules.classify(item.evidence()).category());
            recurringLearned.add(item.label(), classifier.classify(item.signature(), item.evidence()).category());
        }
        System.out.println(recurringRules.report("Rules alone on the fed-back 20 % when they recur"));
        System.out.println(recurringLearned.report("Rules + learned verdicts on the fed-back 20 % when they recur"));

        assertThat(withLearning.macroF1()).isGreaterThanOrEqualTo(rulesOnly.macroF1());
        assertThat(recurringLearned.macroF1()).isGreaterThanOrEqualTo(recurringRules.macroF1());
        // the fed-back groups themselves are now classified as people said, whatever the rules say; except where
        // unrelated failures share a signature (a generic message such as go-junit-report's "Failed"): one signature
        // holds one verdict, the newest
        Map<String, Long> perSignature = items.stream().collect(Collectors.groupingBy(EvaluationSet.Item::signature,
                Collectors.counting()));
        System.out.println(perSignature.values().stream().filter(n -> n > 1).mapToLong(Long::longValue).sum()
                + " items share their signature with another item");
        for (EvaluationSet.Item item : feedback.stream().filter(i -> perSignature.get(i.signature()) == 1).toList()) {
            assertThat(classifier.classify(item.signature(), item.evidence()).category()).as(item.id()).isEqualTo(item.label());
        }
    }
}
