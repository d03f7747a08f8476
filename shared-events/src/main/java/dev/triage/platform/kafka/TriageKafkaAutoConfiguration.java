package dev.triage.platform.kafka;

import dev.triage.events.Topic;
import dev.triage.events.Topics;
import dev.triage.events.TriageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/** Kafka wiring every service shares. */
@AutoConfiguration
@ConditionalOnClass(KafkaTemplate.class)
public class TriageKafkaAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TriageKafkaAutoConfiguration.class);

    /** Every declared topic and its dead-letter topic; creating them is idempotent, so every service may do it. */
    @Bean
    KafkaAdmin.NewTopics triageTopics(@Value("${triage.kafka.replication-factor:1}") short replicationFactor,
            @Value("${triage.kafka.partitions-override:0}") int partitionsOverride) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            int partitions = partitionsOverride > 0 ? partitionsOverride : topic.partitions();
            topics.add(new NewTopic(topic.name(), partitions, replicationFactor));
            topics.add(new NewTopic(topic.deadLetterName(), 1, replicationFactor));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, TriageEvent> template) {
        return new EventPublisher(template);
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumerMetrics consumerMetrics(MeterRegistry registry) {
        return new ConsumerMetrics(registry);
    }

    @Bean
    RecordInterceptor<Object, Object> requestIdRecordInterceptor() {
        return new RequestIdRecordInterceptor();
    }

    /**
     * Bounded retries (3, from 200 ms to 2 s), then the record goes to {@code <topic>.dlt} with the exception in its
     * headers. Records that cannot be read and {@link PoisonMessageException}s skip the retries.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(ProducerFactory<?, ?> producerFactory, MeterRegistry registry) {
        var deadLetterTemplate = new KafkaTemplate<>(new DefaultKafkaProducerFactory<Object, Object>(
                producerFactory.getConfigurationProperties(), new StringSerializerForObjects(), new DeadLetterSerializer()));
        var publisher = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, exception) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, -1));
        var backOff = new ExponentialBackOffWithMaxRetries(3);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(3);
        backOff.setMaxInterval(2_000);
        var handler = new DefaultErrorHandler((record, exception) -> {
            log.warn("Sending record {}-{}@{} to the dead-letter topic: {}", record.topic(), record.partition(),
                    record.offset(), rootMessage(exception));
            Counter.builder("triage.kafka.dead.letters")
                    .description("Records sent to a dead-letter topic")
                    .tag("topic", record.topic())
                    .register(registry)
                    .increment();
            publisher.accept(record, exception);
        }, backOff);
        handler.addNotRetryableExceptions(PoisonMessageException.class);
        return handler;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Keys are strings; dead letters keep whatever key type arrived. */
    private static final class StringSerializerForObjects implements org.apache.kafka.common.serialization.Serializer<Object> {
        private final StringSerializer strings = new StringSerializer();

        @Override
        public byte[] serialize(String topic, Object data) {
            return data instanceof byte[] bytes ? bytes : strings.serialize(topic, data == null ? null : data.toString());
        }
    }
}
