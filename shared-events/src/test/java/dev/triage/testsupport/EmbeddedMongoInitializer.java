package dev.triage.testsupport;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a Spring context at a database of its own on the shared embedded server. */
public class EmbeddedMongoInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String prefix = "test" + CONTEXTS.incrementAndGet();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedMongo", Map.of(
                "spring.mongodb.uri", EmbeddedMongo.connectionString() + "/" + prefix,
                "spring.mongodb.database", prefix,
                "triage.payloads.database", prefix + "-payloads")));
    }
}
