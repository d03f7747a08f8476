package dev.triage.analysis.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleScannerUnitTests {

    private static ConsoleScanner scan(String text) {
        ConsoleScanner scanner = new ConsoleScanner(5, 2_000);
        text.lines().forEach(scanner::accept);
        return scanner;
    }

    @Test
    void aLongPipelineConsoleIsCutToThePartsAroundItsErrors() {
        String console = FakeJenkins.corpusText("consoleText-pipeline-apm.txt");
        ConsoleScanner scanner = scan(console);
        assertThat(scanner.lines()).isGreaterThan(3_000);
        assertThat(scanner.excerpt().length()).isLessThan(console.length() / 5);
        assertThat(scanner.excerpt()).contains("ERROR: script returned exit code 1");
        List<ConsoleFinding> findings = scanner.findings();
        assertThat(findings).isNotEmpty();
        assertThat(findings).allSatisfy(f -> assertThat(f.excerpt().length()).isLessThanOrEqualTo(2_000 + 200));
    }

    @Test
    void downstreamBuildsThatFailedAreFoundInTheConsole() {
        ConsoleScanner scanner = scan("""
                [Pipeline] build (Building pipeline » component-tests)
                Scheduling project: pipeline » component-tests
                Starting building: pipeline » component-tests #42
                Build pipeline » component-tests #42 completed: FAILURE
                Build other #3 completed: SUCCESS
                [2019-05-23T17:19:10.665Z] Build unstable-one #9 completed: UNSTABLE
                Finished: FAILURE""");
        assertThat(scanner.failedDownstream()).containsExactly(new JenkinsPaths.JobBuild("pipeline/component-tests", 42),
                new JenkinsPaths.JobBuild("unstable-one", 9));
    }

    @Test
    void failuresBeforeAnyTestRanAreNamedByKind() {
        String base = FakeJenkins.corpusText("consoleText-jenkins-rest.txt").replace("Finished: SUCCESS", "");
        assertThat(kinds(base + "[ERROR] /src/main/java/com/acme/Cart.java:[12,5] cannot find symbol\n[ERROR] COMPILATION ERROR\n"
                + "Finished: FAILURE")).contains("compile_error");
        assertThat(kinds("ERROR: Error cloning remote repo 'origin'\nfatal: could not read Username for 'https://github.com'\n"
                + "Finished: FAILURE")).contains("checkout_failure");
        assertThat(kinds("Agent build-7 was marked offline: Connection was broken\nhudson.remoting.ChannelClosedException: "
                + "Channel \"hudson.remoting.Channel@1:build-7\": Remote call on build-7 failed\nFinished: FAILURE"))
                .contains("agent_lost");
        assertThat(kinds("Build timed out (after 30 minutes). Marking the build as failed.\nFinished: FAILURE"))
                .contains("timeout");
        assertThat(kinds("+ make\nmake: *** [all] Error 2\nFinished: FAILURE")).containsExactly("build_error");
    }

    private static List<String> kinds(String console) {
        return scan(console).findings().stream().map(ConsoleFinding::kind).toList();
    }
}
