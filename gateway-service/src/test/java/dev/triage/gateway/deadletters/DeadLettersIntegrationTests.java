package dev.triage.gateway.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.triage.platform.deadletters.DeadLetters;
import dev.triage.platform.kafka.PoisonMessageException;
import dev.triage.testsupport.TriageIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A record its consumer cannot handle lands in the dead-letter topic; the admin list shows it with the reason; after
 * the fix a re-drive publishes it to the original topic once, however often it is asked; nobody but an admin gets in,
 * and bad input is a 4xx with a code.
 */
@TriageIntegrationTest
class DeadLettersIntegrationTests {

    static final String TOPIC = "triage.history.events";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** A consumer of the history topic that fails while its dependency is "down", and records what it applied. */
    @TestConfiguration
    static class FlakyConsumer {
        static final AtomicBoolean BROKEN = new AtomicBoolean(true);
        static final List<String> APPLIED = new CopyOnWriteArrayList<>();

        @KafkaListener(id = "test-flaky-history", topics = TOPIC,
                properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
        void on(ConsumerRecord<String, byte[]> record) {
            if (BROKEN.get()) {
                throw new PoisonMessageException("tracker down: cannot apply " + record.key());
            }
            Header from = record.headers().lastHeader(DeadLetters.REDRIVEN_FROM_HEADER);
            APPLIED.add(record.key() + (from == null ? "" : " from " + new String(from.value(), StandardCharsets.UTF_8)));
        }
    }

    @Value("${local.server.port}")
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void aDeadLetterIsListedWithItsReasonAndReDrivenOnceAfterTheFix() throws Exception {
        String key = "hist-" + System.nanoTime();
        FlakyConsumer.BROKEN.set(true);
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<String, String>(TOPIC, key, "{\"testId\":\"a.B.c\"}");
            record.headers().add("triage_type", "history.test-flagged".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }

        JsonNode letter = await().atMost(Duration.ofSeconds(30)).until(() -> find(admin("GET", "/api/admin/dead-letters?topic=" + TOPIC,
                null), key), java.util.Objects::nonNull);
        assertThat(letter.get("reason").asString()).contains("tracker down: cannot apply " + key);
        assertThat(letter.get("exception").asString()).endsWith("PoisonMessageException");
        assertThat(letter.get("offset").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(letter.get("original_offset").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(letter.get("original_partition").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(letter.get("timestamp").asString()).isNotBlank();
        assertThat(letter.get("value_preview").asString()).isEqualTo("{\"testId\":\"a.B.c\"}");
        assertThat(letter.get("redriven").isNull()).isTrue();

        JsonNode summary = JSON.readTree(admin("GET", "/api/admin/dead-letters", null).body());
        assertThat(StreamSupport.stream(summary.get("topics").spliterator(), false)
                .filter(t -> t.get("topic").asString().equals(TOPIC)).findFirst().orElseThrow().get("count").asLong())
                .isGreaterThanOrEqualTo(1);

        // the fix; then the operator re-drives the record, and (a double click, a retry) asks again
        FlakyConsumer.BROKEN.set(false);
        String body = "{\"records\":[{\"topic\":\"" + TOPIC + "\",\"partition\":" + letter.get("partition").asInt()
                + ",\"offset\":" + letter.get("offset").asLong() + "}]}";
        HttpResponse<String> first = admin("POST", "/api/admin/dead-letters/redrive", body);
        HttpResponse<String> second = admin("POST", "/api/admin/dead-letters/redrive", body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode firstResult = JSON.readTree(first.body()).get("results").get(0);
        JsonNode secondResult = JSON.readTree(second.body()).get("results").get(0);
        assertThat(firstResult.get("status").asString()).isEqualTo("redriven");
        assertThat(secondResult.get("status").asString()).isEqualTo("already_redriven");
        assertThat(secondResult.get("to_offset").asLong()).isEqualTo(firstResult.get("to_offset").asLong());

        String marker = TOPIC + ".dlt/" + letter.get("partition").asInt() + "/" + letter.get("offset").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> FlakyConsumer.APPLIED.contains(key + " from " + marker));
        assertThat(recordsWithKey(key)).as("the original and exactly one re-drive").hasSize(2);
        assertThat(FlakyConsumer.APPLIED.stream().filter(a -> a.startsWith(key)).toList()).containsExactly(key + " from " + marker);

        JsonNode listedAgain = find(admin("GET", "/api/admin/dead-letters?topic=" + TOPIC + ".dlt&limit=10", null), key);
        assertThat(listedAgain.get("redriven").get("to_offset").asLong()).isEqualTo(firstResult.get("to_offset").asLong());
    }

    @Test
    void onlyAnAdminListsOrReDrives() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/api/admin/dead-letters", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> created = admin("POST", "/api/admin/users", "{\"username\":\"dlt-user-" + System.nanoTime()
                + "\",\"role\":\"maintainer\"}");
        String userKey = JSON.readTree(created.body()).get("api_key").asString();
        for (HttpResponse<String> denied : List.of(send("GET", "/api/admin/dead-letters?topic=" + TOPIC, null, userKey),
                send("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"" + TOPIC
                        + "\",\"partition\":0,\"offset\":0}]}", userKey))) {
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(code(denied)).isNotBlank();
        }
    }

    @Test
    void badInputIsA4xxWithACode() throws Exception {
        record Case(String method, String path, String body, int status, String code) {
        }
        String ref = "{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"offset\":0}";
        List<Case> cases = List.of(
                new Case("GET", "/api/admin/dead-letters?topic=not.a.topic", null, 422, "validation_error"),
                new Case("GET", "/api/admin/dead-letters?topic=" + TOPIC + "&limit=0", null, 400, "invalid_parameter"),
                new Case("GET", "/api/admin/dead-letters?topic=" + TOPIC + "&limit=abc", null, 400, "invalid_parameter"),
                new Case("GET", "/api/admin/dead-letters?topic=" + TOPIC + "&limit=501", null, 400, "invalid_parameter"),
                new Case("POST", "/api/admin/dead-letters/redrive", "not json", 400, "invalid_json"),
                new Case("POST", "/api/admin/dead-letters/redrive", "[" + ref + "]", 400, "invalid_json"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[]}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[" + ref + "],\"all\":true}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"" + TOPIC
                        + "\",\"partition\":-1,\"offset\":0}]}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"" + TOPIC
                        + "\",\"partition\":0,\"offset\":\"0\"}]}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":{\"$ne\":null},\"partition\":0,\"offset\":0}]}",
                        422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"__consumer_offsets\",\"partition\":0,"
                        + "\"offset\":0}]}", 422, "validation_error"),
                new Case("POST", "/api/admin/dead-letters/redrive", "{\"records\":[" + (ref + ",").repeat(100) + ref + "]}", 422,
                        "validation_error"));
        List<String> problems = new ArrayList<>();
        for (Case c : cases) {
            HttpResponse<String> r = admin(c.method(), c.path(), c.body());
            if (r.statusCode() != c.status() || !c.code().equals(code(r))) {
                problems.add(c + " -> " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(problems).isEmpty();

        HttpResponse<String> missing = admin("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"" + TOPIC
                + "\",\"partition\":0,\"offset\":999999}]}");
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(missing.body()).get("results").get(0).get("status").asString()).isEqualTo("not_found");
        HttpResponse<String> noPartition = admin("POST", "/api/admin/dead-letters/redrive", "{\"records\":[{\"topic\":\"" + TOPIC
                + "\",\"partition\":7,\"offset\":0}]}");
        assertThat(JSON.readTree(noPartition.body()).get("results").get(0).get("status").asString()).isEqualTo("not_found");
    }

    private static JsonNode find(HttpResponse<String> listing, String key) {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        for (JsonNode r : JSON.readTree(listing.body()).get("records")) {
            if (key.equals(r.get("key").asString())) {
                return r;
            }
        }
        return null;
    }

    /** Every record of the original topic with this key, read from the start without a group. */
    private List<String> recordsWithKey(String key) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> found = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r.value());
                    }
                });
            }
            return found;
        }
    }

    private HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, TriageIntegrationTest.ADMIN_KEY);
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> response) {
        JsonNode node = JSON.readTree(response.body());
        return node != null && node.has("code") ? node.get("code").asString() : "";
    }
}
