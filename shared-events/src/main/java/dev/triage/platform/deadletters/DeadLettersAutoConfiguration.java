package dev.triage.platform.deadletters;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** Gives every service {@link DeadLetters}; it opens Kafka clients only when called, so an idle one costs nothing. */
@AutoConfiguration
@ConditionalOnClass({KafkaTemplate.class, MongoTemplate.class})
public class DeadLettersAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers, MongoTemplate mongo,
            MeterRegistry registry) {
        return new DeadLetters(consumers, producers, mongo, registry);
    }
}
