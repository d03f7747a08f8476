package dev.triage.gateway.results;

import dev.triage.platform.mongo.PayloadStore;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes result bodies, streaming {@code enriched_xml} from the payload store into the JSON as it is read, so that a
 * 50 MB report never sits in the gateway's heap as a string (let alone as a string inside a JSON tree).
 */
@Component
public class ResultBodies {

    static final String REFERENCE = "enriched_xml_id";
    static final String FIELD = "enriched_xml";

    private final PayloadStore payloads;
    private final JsonMapper json;

    public ResultBodies(PayloadStore payloads, JsonMapper json) {
        this.payloads = payloads;
        this.json = json;
    }

    /**
     * The response for {@code body}, whose {@code enriched_xml_id} (at the top or inside {@code nestedIn}) is replaced by
     * the streamed {@code enriched_xml}.
     */
    public ResponseEntity<StreamingResponseBody> respond(HttpStatus status, ObjectNode body, @Nullable String nestedIn) {
        ObjectNode holder = nestedIn == null ? body : (ObjectNode) body.get(nestedIn);
        String reference = holder == null || !holder.hasNonNull(REFERENCE) ? null : holder.get(REFERENCE).asString();
        if (holder != null) {
            holder.remove(REFERENCE);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(out -> write(out, body, holder, reference));
    }

    /**
     * A body without an enriched report, typed like {@link #respond} so that one handler method can return either.
     * (A handler declared as {@code ResponseEntity<?>} would not be recognised as streaming by Spring MVC.)
     */
    public ResponseEntity<StreamingResponseBody> plain(HttpStatus status, Object body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(out -> json.writeValue(out, body));
    }

    private void write(OutputStream out, ObjectNode body, @Nullable ObjectNode holder, @Nullable String reference) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            writeObject(generator, body, holder, reference);
        }
    }

    private void writeObject(JsonGenerator generator, ObjectNode node, @Nullable ObjectNode holder, @Nullable String reference) {
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            generator.writeName(property.getKey());
            if (property.getValue() == holder && holder != node) {
                writeObject(generator, holder, holder, reference);
            } else {
                generator.writeTree(property.getValue());
            }
        }
        if (node == holder) {
            generator.writeName(FIELD);
            Optional<InputStream> xml = reference == null ? Optional.empty() : payloads.open(reference);
            if (xml.isPresent()) {
                try (InputStream in = xml.get()) {
                    generator.writeString(new InputStreamReader(in, StandardCharsets.UTF_8), -1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                generator.writeNull();
            }
        }
        generator.writeEndObject();
    }
}
