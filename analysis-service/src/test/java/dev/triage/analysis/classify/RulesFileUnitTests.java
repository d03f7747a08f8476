package dev.triage.analysis.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.analysis.AnalysisProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The rules file format, the shipped file, and operator rules that come first, change without a restart and fail safe. */
class RulesFileUnitTests {

    @TempDir
    Path dir;

    static final FailureEvidence REFUSED = new FailureEvidence("t.ApiTest.calls", "java.net.ConnectException",
            "Connection refused", "java.net.ConnectException: Connection refused\n\tat t.ApiTest.calls(ApiTest.java:9)\n");
    static final FailureEvidence LEGACY_CODE = new FailureEvidence("t.BillingTest.bills", "com.acme.legacy.MainframeException",
            "ABEND S0C7 in program BILL01", "com.acme.legacy.MainframeException: ABEND S0C7\n\tat com.acme.billing.Bridge.call(Bridge.java:3)\n");

    @Test
    void theShippedFileIsVersionedAndEveryRuleIsComplete() {
        RuleBook shipped = RuleBook.shipped();
        assertThat(shipped.version()).matches("\\d{4}\\.\\d{2}\\.\\d+");
        assertThat(shipped.rules()).hasSizeGreaterThan(25);
        assertThat(shipped.rules()).allSatisfy(rule -> {
            assertThat(rule.reason()).isNotBlank();
            assertThat(rule.confidence()).isBetween(0.0, 1.0);
        });
        assertThat(shipped.rules().getLast().name()).isEqualTo("default");
        assertThat(new RuleClassifier().version()).isEqualTo(shipped.version());
    }

    @Test
    void operatorRulesComeBeforeTheShippedOnes() {
        RuleBook operator = RuleBook.parse("""
                version: "site-3"
                rules:
                  - name: mainframe-abend
                    category: infrastructure
                    confidence: 0.9
                    reason: The test mainframe abended ({match})
                    when:
                      exception: 'MainframeException$'
                      message: 'ABEND S0C\\d'
                """, "ops.yml");
        RuleClassifier rules = new RuleClassifier(operator, RuleBook.shipped());

        Classification verdict = rules.classify(LEGACY_CODE);
        assertThat(verdict.category()).isEqualTo(Classification.INFRASTRUCTURE);
        assertThat(verdict.rule()).isEqualTo("mainframe-abend");
        assertThat(verdict.reason()).isEqualTo("The test mainframe abended (MainframeException)");
        assertThat(rules.version()).isEqualTo(RuleBook.shipped().version() + "+operator:site-3");
        assertThat(new RuleClassifier().classify(LEGACY_CODE).category()).isEqualTo(Classification.PRODUCT_BUG);
    }

    @Test
    void conditionsAllHoldAndUnlessSkipsARule() {
        RuleBook book = RuleBook.parse("""
                version: 1
                rules:
                  - name: refused-in-tests
                    category: CODE ISSUE
                    confidence: 0.5
                    reason: x
                    when: {text: 'refused', thrown_in: [test], failure: error}
                    unless: {message: 'localhost'}
                  - name: other
                    category: PRODUCT BUG
                    confidence: 0.5
                    reason: y
                """, "t.yml");
        RuleClassifier rules = new RuleClassifier(null, book);
        assertThat(rules.classify(REFUSED).rule()).isEqualTo("refused-in-tests");
        assertThat(rules.classify(new FailureEvidence("t", "java.net.ConnectException", "Connection refused: localhost",
                "\tat t.ApiTest.calls(ApiTest.java:9)")).rule()).isEqualTo("other");
        assertThat(rules.classify(new FailureEvidence("t", "java.net.ConnectException", "Connection refused",
                "\tat com.acme.Client.call(Client.java:9)")).rule()).isEqualTo("other");
    }

    @Test
    void brokenFilesAreRefusedWithTheFileTheRuleAndTheProblem() {
        assertThatThrownBy(() -> RuleBook.parse("rules: []", "a.yml")).hasMessage("a.yml: 'version' is missing");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules: [{name: x, category: BUG, confidence: 1, reason: r}]", "b.yml"))
                .hasMessageStartingWith("b.yml: rule #1 'x': category must be one of");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules: [{name: x, category: CODE ISSUE, confidence: 2, reason: r}]",
                "c.yml")).hasMessage("c.yml: rule #1 'x': confidence must be a number from 0 to 1");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules: [{name: x, category: CODE ISSUE, confidence: 1, reason: r,"
                + " when: {message: '(unclosed'}}]", "d.yml")).hasMessageStartingWith("d.yml: rule #1 'x': when: 'message' is not a valid");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules: [{name: x, category: CODE ISSUE, confidence: 1, reason: r,"
                + " when: {stacktrace: 'a'}}]", "e.yml")).hasMessageStartingWith("e.yml: rule #1 'x': when: unknown condition 'stacktrace'");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules:\n  - name: x\n   bad indent", "f.yml"))
                .hasMessageStartingWith("f.yml: not valid YAML");
        assertThatThrownBy(() -> RuleBook.parse("version: 1\nrules: [{name: x, category: CODE ISSUE, confidence: 1, reason: r},"
                + " {name: x, category: CODE ISSUE, confidence: 1, reason: r}]", "g.yml")).hasMessageContaining("used twice");
    }

    @Test
    void aBrokenOperatorFileIsReportedAndIgnoredAndAFixedOneIsPickedUpWithoutARestart() throws IOException {
        Path file = dir.resolve("classification-rules.yml");
        Files.writeString(file, "version: 1\nrules: [{name: x, category: NOPE, confidence: 1, reason: r}]");
        OperatorRules rules = new OperatorRules(properties(file, false));
        assertThat(rules.problem()).contains("classification-rules.yml: rule #1 'x': category must be one of");
        assertThat(rules.current().classify(REFUSED).rule()).isEqualTo("connection-failed");

        Files.writeString(file, """
                version: 2
                rules:
                  - {name: refused-is-ours, category: CODE ISSUE, confidence: 0.9, reason: ours, when: {message: refused}}
                """);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(rules.current().classify(REFUSED).rule()).isEqualTo("refused-is-ours");
        assertThat(rules.problem()).isNull();

        Files.writeString(file, "version: 3\nrules: {not: a list}");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(rules.current().classify(REFUSED).rule()).as("the last valid rules stay").isEqualTo("refused-is-ours");
        assertThat(rules.problem()).contains("'rules' must be a list");
    }

    @Test
    void anOperatorCanAskForABrokenFileToStopTheStart() throws IOException {
        Path file = dir.resolve("classification-rules.yml");
        Files.writeString(file, "version: 1\nrules: [{name: x}]");
        assertThatThrownBy(() -> new OperatorRules(properties(file, true)))
                .hasMessageContaining("Invalid operator classification rules").hasMessageContaining("'category' is missing");
        assertThat(new OperatorRules(properties(dir.resolve("absent.yml"), true)).problem()).isNull();
    }

    static AnalysisProperties.ClassificationSettings properties(Path rulesFile, boolean failOnInvalid) {
        return analysisProperties(rulesFile, failOnInvalid).classification();
    }

    /** The service's settings as Spring binds them, with its defaults, and these rules. */
    static AnalysisProperties analysisProperties(Path rulesFile, boolean failOnInvalid) {
        var source = new MapConfigurationPropertySource(Map.of(
                "triage.analysis.classification.rules-file", rulesFile.toString(),
                "triage.analysis.classification.fail-on-invalid-rules", String.valueOf(failOnInvalid),
                "triage.analysis.classification.rules-check-interval", "0s",
                "triage.analysis.classification.learning.max-indexed", "1000"));
        return new Binder(source).bindOrCreate("triage.analysis", AnalysisProperties.class);
    }
}
