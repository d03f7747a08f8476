package dev.triage.platform.deadletters;

import dev.triage.events.Topic;
import dev.triage.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Lists and re-drives the dead letters of the declared topics.
 *
 * <p>Reading never joins a consumer group: a consumer of its own assigns the dead-letter partitions, seeks and polls
 * until it has what was asked or {@link #READ_TIMEOUT} passed, and is closed again, so nothing is committed and no
 * running consumer is disturbed.
 *
 * <p>Re-driving is idempotent per dead letter: a marker with the dead letter's coordinates as {@code _id} (unique) is
 * inserted before the record is published and completed after Kafka acknowledged it. A second request for the same
 * record finds the marker and publishes nothing. A marker left half-done by a crash is taken over after
 * {@link #STALE_MARKER}, which may publish the record a second time; every consumer is idempotent, so that is harmless.
 */
public class DeadLetters implements DisposableBean {

    /** The longest a listing or a re-drive call reads Kafka. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** The longest a listing returns. */
    public static final int MAX_LIMIT = 500;
    /** A marker still "sending" after this long belongs to a call that died. */
    static final Duration STALE_MARKER = Duration.ofMinutes(2);
    /** The collection of re-drive markers in the service's own database. */
    public static final String COLLECTION = "dead_letter_redrives";
    /** Added to a re-driven record: where it came from ({@code <topic>.dlt/<partition>/<offset>}). */
    public static final String REDRIVEN_FROM_HEADER = "triage_redriven_from";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int PREVIEW_CHARS = 500;
    private static final int REASON_CHARS = 1000;

    private final Map<String, Object> consumerConfig;
    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final MongoTemplate mongo;
    private final MeterRegistry registry;

    public DeadLetters(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers, MongoTemplate mongo,
            MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        // no group: assign and seek only, nothing committed, no rebalance of the service's own consumers
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_LIMIT);
        this.consumerConfig = Map.copyOf(config);
        this.producers = new DefaultKafkaProducerFactory<>(producers.getConfigurationProperties(), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.mongo = mongo;
        this.registry = registry;
    }

    /** The declared topic with this name (its dead-letter name is accepted too). */
    public static Optional<Topic<?>> topic(String name) {
        String plain = name.endsWith(Topic.DEAD_LETTER_SUFFIX)
                ? name.substring(0, name.length() - Topic.DEAD_LETTER_SUFFIX.length()) : name;
        return Topics.all().stream().filter(t -> t.name().equals(plain)).findFirst();
    }

    /** How many records each declared topic's dead-letter topic holds. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (Topic<?> topic : Topics.all()) {
                counts.put(topic.name(), total(consumer, partitions(consumer, topic.deadLetterName())));
            }
        }
        return counts;
    }

    /**
     * The newest dead letters of one topic, newest first.
     *
     * @param topic a declared topic
     * @param limit 1..{@link #MAX_LIMIT}
     */
    public DeadLetterTopic list(Topic<?> topic, int limit) {
        int max = Math.clamp(limit, 1, MAX_LIMIT);
        String dlt = topic.deadLetterName();
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        long total;
        boolean complete = true;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, dlt);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            total = partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            // the newest `max` of each partition cover the newest `max` overall
            List<TopicPartition> toRead = partitions.stream().filter(p -> end.get(p) > begin.get(p)).toList();
            consumer.assign(toRead);
            for (TopicPartition p : toRead) {
                consumer.seek(p, Math.max(begin.get(p), end.get(p) - max));
            }
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (!caughtUp(consumer, toRead, end)) {
                if (Instant.now().isAfter(deadline)) {
                    complete = false;
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        found.add(r);
                    }
                }
            }
        }
        List<ConsumerRecord<byte[], byte[]>> newest = found.stream()
                .sorted(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                        .thenComparingLong(ConsumerRecord::offset).reversed())
                .limit(max).toList();
        Map<String, Document> markers = markers(newest.stream()
                .map(r -> new RecordRef(topic.name(), r.partition(), r.offset()).markerId()).toList());
        List<DeadLetter> letters = newest.stream()
                .map(r -> letter(r, markers.get(new RecordRef(topic.name(), r.partition(), r.offset()).markerId()))).toList();
        return new DeadLetterTopic(topic.name(), dlt, total, letters, complete);
    }

    /**
     * Publishes each chosen dead letter to its original topic, at most once per dead letter.
     *
     * @param refs declared topics (see {@link #topic(String)}) with coordinates in their dead-letter topics
     */
    public List<Redrive> redrive(List<RecordRef> refs) {
        List<Redrive> results = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            for (RecordRef ref : refs) {
                results.add(redrive(consumer, ref));
            }
        }
        return results;
    }

    private Redrive redrive(KafkaConsumer<byte[], byte[]> consumer, RecordRef ref) {
        Optional<Redrive> earlier = claim(ref);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Optional<ConsumerRecord<byte[], byte[]>> letter;
        try {
            letter = read(consumer, ref);
        } catch (KafkaException e) {
            release(ref);
            throw e;
        }
        if (letter.isEmpty()) {
            release(ref);
            return Redrive.of(ref, Redrive.Status.NOT_FOUND);
        }
        ConsumerRecord<byte[], byte[]> record = letter.get();
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            // the original headers (type, version, request id) go back; the error handler's own do not
            if (!h.key().startsWith("kafka_dlt-") && !h.key().startsWith("springDeserializerException")
                    && !h.key().equals(REDRIVEN_FROM_HEADER)) {
                headers.add(h);
            }
        }
        headers.add(REDRIVEN_FROM_HEADER, ref.markerId().getBytes(StandardCharsets.UTF_8));
        try {
            RecordMetadata sent = producers.createProducer()
                    .send(new ProducerRecord<>(ref.topic(), null, record.key(), record.value(), headers))
                    .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Instant at = Instant.now();
            mongo.updateFirst(Query.query(Criteria.where("_id").is(ref.markerId())), new Update().set("state", "sent")
                    .set("at", at).set("toPartition", sent.partition()).set("toOffset", sent.offset()), COLLECTION);
            Counter.builder("triage.kafka.dead.letters.redriven").description("Dead letters re-driven to their original topic")
                    .tag("topic", ref.topic()).register(registry).increment();
            log.info("Re-drove dead letter {} to {}-{}@{}", ref.markerId(), ref.topic(), sent.partition(), sent.offset());
            return new Redrive(ref.topic(), ref.partition(), ref.offset(), Redrive.Status.REDRIVEN, at, sent.partition(),
                    sent.offset());
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.warn("Dead letter {} not re-driven: {}", ref.markerId(), e.toString());
            release(ref);
            return Redrive.of(ref, Redrive.Status.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(ref);
            return Redrive.of(ref, Redrive.Status.FAILED);
        }
    }

    /**
     * Inserts the "sending" marker, or takes over a stale one.
     *
     * @return empty when this call may publish; otherwise what an earlier or concurrent call did
     */
    private Optional<Redrive> claim(RecordRef ref) {
        Instant now = Instant.now();
        Document marker = new Document("_id", ref.markerId()).append("topic", ref.topic()).append("partition", ref.partition())
                .append("offset", ref.offset()).append("state", "sending").append("since", now);
        try {
            mongo.insert(marker, COLLECTION);
            return Optional.empty();
        } catch (DuplicateKeyException e) {
            Query stale = Query.query(Criteria.where("_id").is(ref.markerId()).and("state").is("sending")
                    .and("since").lt(now.minus(STALE_MARKER)));
            if (mongo.updateFirst(stale, new Update().set("since", now), COLLECTION).getModifiedCount() > 0) {
                return Optional.empty();
            }
            Document existing = mongo.findById(ref.markerId(), Document.class, COLLECTION);
            if (existing == null || !"sent".equals(existing.getString("state"))) {
                return Optional.of(Redrive.of(ref, Redrive.Status.IN_PROGRESS));
            }
            return Optional.of(new Redrive(ref.topic(), ref.partition(), ref.offset(), Redrive.Status.ALREADY_REDRIVEN,
                    existing.getDate("at").toInstant(), existing.getInteger("toPartition"),
                    ((Number) existing.get("toOffset")).longValue()));
        }
    }

    private void release(RecordRef ref) {
        mongo.remove(Query.query(Criteria.where("_id").is(ref.markerId()).and("state").is("sending")), COLLECTION);
    }

    private Optional<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, RecordRef ref) {
        TopicPartition partition = new TopicPartition(ref.topic() + Topic.DEAD_LETTER_SUFFIX, ref.partition());
        if (!partitions(consumer, partition.topic()).contains(partition)) {
            return Optional.empty();
        }
        long begin = consumer.beginningOffsets(List.of(partition)).get(partition);
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        if (ref.offset() < begin || ref.offset() >= end) {
            return Optional.empty();
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, ref.offset());
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (Instant.now().isBefore(deadline) && consumer.position(partition) <= ref.offset()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() == ref.offset()) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, Document> markers(List<String> ids) {
        Map<String, Document> out = new HashMap<>();
        if (!ids.isEmpty()) {
            mongo.find(Query.query(Criteria.where("_id").in(ids).and("state").is("sent")), Document.class, COLLECTION)
                    .forEach(d -> out.put(d.getString("_id"), d));
        }
        return out;
    }

    private static DeadLetter letter(ConsumerRecord<byte[], byte[]> r, @Nullable Document marker) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        String text = new String(value, 0, Math.min(value.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
        Redrive redrive = marker == null ? null : new Redrive(r.topic().substring(0, r.topic().length() - Topic.DEAD_LETTER_SUFFIX.length()), r.partition(),
                r.offset(), Redrive.Status.REDRIVEN, marker.getDate("at").toInstant(), marker.getInteger("toPartition"),
                ((Number) marker.get("toOffset")).longValue());
        return new DeadLetter(r.partition(), r.offset(), r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                Instant.ofEpochMilli(r.timestamp()), exception(r),
                header(r, KafkaHeaders.DLT_EXCEPTION_MESSAGE, REASON_CHARS),
                (int) number(r, KafkaHeaders.DLT_ORIGINAL_PARTITION), number(r, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                value.length, shorten(text, PREVIEW_CHARS), redrive);
    }

    /** The listener's own exception rather than the container's wrapper around it. */
    private static @Nullable String exception(ConsumerRecord<?, ?> r) {
        String cause = header(r, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, 300);
        return cause != null ? cause : header(r, KafkaHeaders.DLT_EXCEPTION_FQCN, 300);
    }

    private static @Nullable String header(ConsumerRecord<?, ?> r, String name, int max) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : shorten(new String(h.value(), StandardCharsets.UTF_8), max);
    }

    /** The error handler writes the original partition as 4 bytes and the offset as 8 (big-endian). */
    private static long number(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return -1;
        }
        return switch (h.value().length) {
            case 4 -> ByteBuffer.wrap(h.value()).getInt();
            case 8 -> ByteBuffer.wrap(h.value()).getLong();
            default -> -1;
        };
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "triage-dead-letters-" + UUID.randomUUID());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static long total(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
