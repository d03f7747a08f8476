package dev.triage.gateway.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RawXmlSplitterUnitTests {

    private final StringWriter xml = new StringWriter();

    private RawXmlSplitter.Result split(String json) throws IOException {
        return RawXmlSplitter.split(new StringReader(json), "raw_xml", 10_000, () -> xml);
    }

    @Test
    void theFieldIsStreamedOutUnescapedAndTheRestKept() throws IOException {
        var result = split("""
                { "ai_provider" : "claude", "raw_xml": "<a x=\\"1\\">\\u00e9\\n\\t\\\\</a>", "peer_ai_configs": [{"a": "}"}], "n": 3 }""");
        assertThat(result.fieldPresent()).isTrue();
        assertThat(xml.toString()).isEqualTo("<a x=\"1\">\u00e9\n\t\\</a>");
        assertThat(result.remainderJson()).isEqualTo("{\"ai_provider\":\"claude\",\"peer_ai_configs\":[{\"a\": \"}\"}],\"n\":3}");
    }

    @Test
    void surrogatePairsSurvive() throws IOException {
        split("{\"raw_xml\":\"\\ud83d\\ude00 ok\"}");
        assertThat(xml.toString()).isEqualTo("\uD83D\uDE00 ok");
    }

    @Test
    void aNullOrMissingFieldIsNotPresent() throws IOException {
        assertThat(split("{\"raw_xml\": null, \"failures\": []}").fieldPresent()).isFalse();
        assertThat(split("{\"failures\": []}").remainderJson()).isEqualTo("{\"failures\":[]}");
        assertThat(split("{}").fieldPresent()).isFalse();
    }

    @Test
    void malformedJsonIsRejectedWithItsOffset() {
        for (String bad : new String[] {"", "[1]", "{\"raw_xml\": \"unterminated", "{\"a\" 1}", "{\"a\": 1} trailing",
                "{\"raw_xml\": \"bad \\q escape\"}", "{\"raw_xml\": \"\\u12G4\"}", "{\"a\": [1, 2"}) {
            assertThatThrownBy(() -> split(bad)).as(bad).isInstanceOf(RawXmlSplitter.MalformedJsonException.class)
                    .hasMessageContaining("at character");
        }
    }

    @Test
    void theRemainderIsBounded() {
        String big = "{\"failures\": [\"" + "x".repeat(20_000) + "\"]}";
        assertThatThrownBy(() -> split(big)).isInstanceOf(RawXmlSplitter.JsonTooLargeException.class);
    }

    @Test
    void aLargeFieldNeverSitsInTheRemainder() throws IOException {
        StringBuilder json = new StringBuilder("{\"raw_xml\":\"");
        json.append("<testcase name=\\\"t\\\"/>".repeat(50_000)).append("\"}");
        Reader reader = new StringReader(json.toString());
        var result = RawXmlSplitter.split(reader, "raw_xml", 100, () -> xml);
        assertThat(result.remainderJson()).isEqualTo("{}");
        assertThat(xml.toString()).hasSize("<testcase name=\"t\"/>".length() * 50_000);
    }
}
