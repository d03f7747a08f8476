package dev.triage.analysis.jobs;

import dev.triage.analysis.AnalysisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** Shutdown of the workers: {@link WorkerShutdown} and a container that waits for the job at hand. */
@Configuration(proxyBeanMethods = false)
class WorkerShutdownConfiguration {

    @Bean
    WorkerShutdown workerShutdown(AnalysisProperties settings) {
        return new WorkerShutdown(settings);
    }

    /**
     * The container waits for its consumer thread longer than the drain, so the job at hand is finished or handed on
     * before the context closes the store under it (Spring Kafka's default wait is 10 s). The total stays within
     * {@code spring.lifecycle.timeout-per-shutdown-phase} and the pod's grace period.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> shutdownTimeout(
            AnalysisProperties settings) {
        long waitMillis = settings.shutdownDrain().toMillis() + 5_000;
        return container -> container.getContainerProperties().setShutdownTimeout(waitMillis);
    }
}
