package dev.triage.history.jobs;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;

/**
 * The container of the outcome listener: configured as every other listener of the service (the platform's error
 * handler with its dead-letter topic, consumer settings), but handing the listener each poll's records at once, so
 * the projection can record them together, and committing after the poll.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeListenerConfiguration {

    static final String FACTORY = "historyOutcomesContainerFactory";

    @Bean(FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> historyOutcomesContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.setBatchListener(true);
        // the service-wide ack mode is RECORD; a batch listener's records are done when the poll is
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        return factory;
    }
}
