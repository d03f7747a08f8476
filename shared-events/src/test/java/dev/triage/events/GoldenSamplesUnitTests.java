package dev.triage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.events.analysis.AnalysisCompleted;
import dev.triage.events.analysis.AnalysisKind;
import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.events.analysis.TestOutcome;
import dev.triage.events.analysis.TestOutcomesRecorded;
import dev.triage.events.kafka.EventHeaders;
import dev.triage.events.kafka.EventJson;
import dev.triage.events.kafka.TriageEventDeserializer;
import dev.triage.events.kafka.TriageEventSerializer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every event type has a golden sample; reading and writing it again gives the same JSON. */
class GoldenSamplesUnitTests {

    private final TriageEventSerializer serializer = new TriageEventSerializer();
    private final TriageEventDeserializer deserializer = new TriageEventDeserializer();

    static Stream<String> eventTypes() {
        return EventTypes.names().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void goldenSampleRoundTripsThroughTheKafkaSerde(String typeName) throws IOException {
        byte[] golden = golden(typeName);
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE, typeName.getBytes(StandardCharsets.UTF_8));

        TriageEvent event = deserializer.deserialize("any", headers, golden);
        assertThat(event).isInstanceOf(EventTypes.classOf(typeName).orElseThrow());

        RecordHeaders written = new RecordHeaders();
        byte[] json = serializer.serialize("any", written, event);
        assertThat(tree(json)).isEqualTo(tree(golden));
        assertThat(EventHeaders.get(written, EventHeaders.TYPE)).isEqualTo(typeName);
        assertThat(EventHeaders.get(written, EventHeaders.SCHEMA_VERSION)).isEqualTo(tree(golden).get("schemaVersion").asString());
        assertThat(EventHeaders.get(written, EventHeaders.REQUEST_ID)).isEqualTo(event.requestId());
        assertThat(event.subjectId()).isEqualTo(tree(golden).get("jobId").asString());
    }

    @Test
    void everyRegisteredTypeHasAGoldenSample() {
        for (String name : EventTypes.names()) {
            assertThat(getClass().getResource("/golden/" + name + ".json")).as(name).isNotNull();
        }
    }

    @Test
    void unknownFieldsAreIgnoredSoReadersSurviveAddOnlyEvolution() throws IOException {
        ObjectNode newer = (ObjectNode) tree(golden("analysis.completed"));
        newer.put("fieldFromTheFuture", "ignored");
        newer.put("schemaVersion", 2);
        var event = (AnalysisCompleted) read("analysis.completed", newer);

        assertThat(event.totals().failures()).isEqualTo(6);
        assertThat(event.schemaVersion()).isEqualTo(2);
    }

    @Test
    void aVersionOneOutcomeWithoutStepsStillReads() throws IOException {
        ObjectNode older = (ObjectNode) tree(golden("analysis.completed"));
        older.remove("steps");
        older.put("schemaVersion", 1);
        var event = (AnalysisCompleted) read("analysis.completed", older);

        assertThat(event.steps()).isEmpty();
        assertThat(event.summary()).isEqualTo("8 failed tests in 3 groups");
    }

    @Test
    void aVersionOneRequestWithoutSealedSecretsStillReads() throws IOException {
        ObjectNode older = (ObjectNode) tree(golden("analysis.requested"));
        older.remove("secrets");
        older.put("schemaVersion", 1);
        var event = (AnalysisRequested) read("analysis.requested", older);

        assertThat(event.secrets()).isNull();
        assertThat(event.payload().id()).isEqualTo("6751a2f0c1d2e3f4a5b6c7d8");
    }

    private TriageEvent read(String typeName, ObjectNode json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE, typeName.getBytes(StandardCharsets.UTF_8));
        return deserializer.deserialize("t", headers, EventJson.mapper().writeValueAsBytes(json));
    }

    @Test
    void aRecordWithoutATypeHeaderIsRejectedNotGuessed() throws IOException {
        byte[] golden = golden("analysis.requested");
        assertThatThrownBy(() -> deserializer.deserialize("t", new RecordHeaders(), golden))
                .isInstanceOf(SerializationException.class).hasMessageContaining("triage-event-type");
    }

    @Test
    void aClassNameInTheTypeHeaderIsNotAType() throws IOException {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE, AnalysisRequested.class.getName().getBytes(StandardCharsets.UTF_8));
        byte[] golden = golden("analysis.requested");
        assertThatThrownBy(() -> deserializer.deserialize("t", headers, golden))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown event type");
    }

    @Test
    void malformedJsonIsASerializationError() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.TYPE, "analysis.requested".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> deserializer.deserialize("t", headers, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("malformed analysis.requested");
    }

    @Test
    void eventsOverTheSizeLimitAreRefusedSoLargeDataGoesByReference() {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            outcomes.add(new TestOutcome("com.acme.Test.t" + i, "s", "failed", 1, "sig" + i, "x".repeat(100)));
        }
        var tooBig = TestOutcomesRecorded.of("r", "job", null, null, 1, 1, outcomes);
        assertThatThrownBy(() -> serializer.serialize("t", new RecordHeaders(), tooBig))
                .isInstanceOf(SerializationException.class).hasMessageContaining("limit");
    }

    @Test
    void factoriesFillTheEnvelope() {
        var event = AnalysisRequested.of("req", "job-9", AnalysisKind.FAILURES, null, null);
        assertThat(event.eventId()).isNotNull();
        assertThat(event.occurredAt()).isNotNull();
        assertThat(event.schemaVersion()).isEqualTo(AnalysisRequested.SCHEMA_VERSION);
        assertThat(event.subjectId()).isEqualTo("job-9");
        assertThat(event.parameters()).isEmpty();
    }

    private static JsonNode tree(byte[] json) {
        return EventJson.mapper().readTree(json);
    }

    private byte[] golden(String typeName) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/" + typeName + ".json")) {
            assertThat(in).as("golden sample of " + typeName).isNotNull();
            return in.readAllBytes();
        }
    }
}
