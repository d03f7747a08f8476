package dev.triage.analysis.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptsUnitTests {

    private final Prompts prompts = new Prompts(200, 200, 2);

    @Test
    void aFailureWithConsoleLinesShowsThemClippedAndOneWithoutShowsNoConsoleSection() {
        String console = "+ mvn -B verify\n" + "[ERROR] COMPILATION ERROR\n".repeat(20);
        var withConsole = new Prompts.Failure("sig", List.of("a", "b", "c"), null, "build failed", "", console);
        var withoutConsole = new Prompts.Failure("sig", List.of("a"), "java.lang.AssertionError", "expected 1", "at x", "");

        String prompt = prompts.analysis(withConsole, null, null);

        assertThat(prompt).contains("CONSOLE (lines around the error):\n+ mvn -B verify\n[ERROR] COMPILATION ERROR")
                .contains("... (cut)").contains("- ... and 1 more").doesNotContain("STACK TRACE");
        assertThat(prompts.analysis(withoutConsole, null, null)).doesNotContain("CONSOLE").contains("STACK TRACE (top):\nat x");
    }
}
