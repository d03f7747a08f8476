package dev.triage.history.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.history.HistoryProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class MetadataRulesUnitTests {

    @TempDir
    Path dir;

    @Test
    void theFirstMatchingRuleSetsScalarsLabelsAccumulateAndNamedGroupsFillValues() throws Exception {
        MetadataRules rules = rules("""
                {"rules": [
                  {"pattern": "test-pytest-cnv-(?<version>[0-9.]+)-(?<area>[a-z]+)-.*", "team": "cnv-{area}", "version": "{version}",
                   "labels": ["cnv"]},
                  {"pattern": "*-nfs", "team": "storage", "tier": "critical", "labels": ["nfs"]},
                  {"pattern": "other-*", "team": "other"}
                ]}""");
        var metadata = rules.preview("test-pytest-cnv-4.18-storage-nfs").orElseThrow();
        assertThat(metadata).containsEntry("team", "cnv-storage").containsEntry("version", "4.18")
                .containsEntry("tier", "critical");
        assertThat(metadata.get("labels")).asList().containsExactly("cnv", "nfs");
        assertThat(rules.preview("nothing-matches")).isEmpty();
        assertThat(rules.file()).isEqualTo("rules.json");
        assertThat(rules.describe()).hasSize(3);
    }

    @Test
    void globsTreatRegexCharactersAsText() throws Exception {
        MetadataRules rules = rules("{\"rules\": [{\"pattern\": \"a.b*\", \"team\": \"t\"}]}");
        assertThat(rules.preview("a.b-1")).isPresent();
        assertThat(rules.preview("axb-1")).isEmpty();
    }

    @Test
    void aBrokenRulesFileLoadsNoRules() throws Exception {
        assertThat(rules("{not json").describe()).isEmpty();
    }

    private MetadataRules rules(String json) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, json);
        return new MetadataRules(new HistoryProperties(50, 5000, new HistoryProperties.Flaky(10, 0.3, 4),
                new HistoryProperties.Regression(5), new HistoryProperties.Intermittent(20, 2),
                new HistoryProperties.Infrastructure(5), file.toString(), Duration.ofSeconds(5)), JsonMapper.builder().build());
    }
}
