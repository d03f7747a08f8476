package dev.triage.analysis.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CliProviderUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void eachCliIsCalledTheWayRootcozCallsIt() {
        assertThat(new CliProvider("claude", "claude", "", List.of(), "sonnet", JSON).commandLine("opus"))
                .containsExactly("claude", "--model", "opus", "-p", "--output-format", "json");
        assertThat(new CliProvider("gemini", "gemini", "", List.of(), "", JSON).commandLine("gemini-2.5-pro"))
                .containsExactly("gemini", "--model", "gemini-2.5-pro", "--output-format", "json");
        assertThat(new CliProvider("cursor", "cursor", "/opt/agent", List.of("--force"), "", JSON).commandLine("gpt-5"))
                .containsExactly("/opt/agent", "--model", "gpt-5", "--print", "--output-format", "json", "--force");
    }

    @Test
    void claudeOutputGivesTheResultTokensAndCost() {
        var reply = new CliProvider("claude", "claude", "", List.of(), "", JSON).parse("""
                {"type":"result","subtype":"success","is_error":false,"result":"hello","total_cost_usd":0.02,
                 "usage":{"input_tokens":10,"output_tokens":5,"cache_read_input_tokens":7,"cache_creation_input_tokens":3}}""");
        assertThat(reply.text()).isEqualTo("hello");
        assertThat(reply.usage()).isEqualTo(new Usage(10, 5, 7, 3, 0.02));
    }

    @Test
    void geminiOutputGivesTheResponseAndItsModelsTokens() {
        var reply = new CliProvider("gemini", "gemini", "", List.of(), "", JSON).parse("""
                {"response":"hi","stats":{"models":{"gemini-2.5-pro":{"tokens":{"prompt":1000,"candidates":20,"cached":400}},
                 "gemini-2.5-flash":{"tokens":{"prompt":50,"candidates":5,"cached":0}}}}}""");
        assertThat(reply.text()).isEqualTo("hi");
        assertThat(reply.usage()).isEqualTo(new Usage(650, 25, 400, 0, null));
    }

    @Test
    void anErrorResultIsAFailedCallAndOutputThatIsNotJsonIsTheAnswerText() {
        var cli = new CliProvider("cursor", "cursor", "", List.of(), "", JSON);
        assertThatThrownBy(() -> cli.parse("{\"type\":\"result\",\"is_error\":true,\"result\":\"quota\"}"))
                .isInstanceOf(AiCallFailed.class).hasMessageNotContaining("quota");
        assertThat(cli.parse("plain words").text()).isEqualTo("plain words");
        assertThat(cli.parse("plain words").usage()).isEqualTo(Usage.NONE);
    }
}
