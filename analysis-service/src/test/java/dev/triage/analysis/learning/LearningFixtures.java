package dev.triage.analysis.learning;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.analysis.jobs.JobsFixtures;
import dev.triage.events.history.ClassificationOverridden;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The production learning components wired by hand, for the evaluation harness (no Spring, no Kafka). */
public final class LearningFixtures {

    private final LearnedVerdicts verdicts;
    private final Learning learning;

    public LearningFixtures(MongoTemplate mongo, AnalysisProperties properties) {
        this.verdicts = new LearnedVerdicts(mongo, properties);
        this.learning = new Learning(verdicts, JobsFixtures.results(mongo));
    }

    public LearnedVerdicts verdicts() {
        return verdicts;
    }

    /** What the listener does with one override event. */
    public boolean apply(ClassificationOverridden event) {
        return learning.apply(event);
    }
}
