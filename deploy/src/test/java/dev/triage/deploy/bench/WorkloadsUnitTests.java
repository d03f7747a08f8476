package dev.triage.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.analysis.ingest.Signatures;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark's jobs must have the number of root causes the figures claim, by the service's own signatures. */
class WorkloadsUnitTests {

    @ParameterizedTest
    @CsvSource({"10, 3", "6, 3", "8, 4"})
    void aFailureListHasAsManySignaturesAsGroups(int failures, int groups) {
        JsonNode list = JsonMapper.builder().build().readTree(Workloads.failureList(failures, groups, 42));
        Set<String> signatures = new HashSet<>();
        for (JsonNode failure : list.get("failures")) {
            signatures.add(Signatures.of(failure.get("error_message").asString(), null,
                    failure.get("stack_trace").asString()).hash());
        }
        assertThat(list.get("failures")).hasSize(failures);
        assertThat(signatures).hasSize(groups);
    }
}
