package dev.triage.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ResultBodiesUnitTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ResultBodies bodies = new ResultBodies(null, json);

    @Test
    void topLevelBodiesKeepEveryFieldAndGainEnrichedXml() throws Exception {
        ObjectNode body = json.createObjectNode().put("job_id", "j1").put("status", "completed");
        body.putNull("enriched_xml_id");
        JsonNode written = json.readTree(write(body, null));
        assertThat(written.get("job_id").asString()).isEqualTo("j1");
        assertThat(written.get("status").asString()).isEqualTo("completed");
        assertThat(written.has("enriched_xml")).isTrue();
        assertThat(written.has("enriched_xml_id")).isFalse();
    }

    @Test
    void nestedResultsGainEnrichedXmlInsideTheResult() throws Exception {
        ObjectNode body = json.createObjectNode().put("job_id", "j1");
        body.putObject("result").put("summary", "s").putNull("enriched_xml_id");
        body.put("status", "completed");
        JsonNode written = json.readTree(write(body, "result"));
        assertThat(written.get("status").asString()).isEqualTo("completed");
        assertThat(written.get("result").get("summary").asString()).isEqualTo("s");
        assertThat(written.get("result").has("enriched_xml")).isTrue();
        assertThat(written.has("enriched_xml")).isFalse();
    }

    private String write(ObjectNode body, String nestedIn) throws Exception {
        var response = bodies.respond(HttpStatus.OK, body, nestedIn);
        var out = new ByteArrayOutputStream();
        response.getBody().writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
