package dev.triage.analysis.jobs;

import org.springframework.data.mongodb.core.MongoTemplate;

/** Production components of this package for tests in other packages that run without Spring. */
public final class JobsFixtures {

    private JobsFixtures() {
    }

    public static AnalysisResults results(MongoTemplate mongo) {
        return new AnalysisResults(mongo);
    }
}
