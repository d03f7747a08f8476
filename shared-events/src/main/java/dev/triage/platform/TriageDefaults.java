package dev.triage.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code triage-defaults.properties} as the lowest-precedence property source of every service, so the settings
 * all services share are written once and any service, profile or environment variable can still override them.
 */
public class TriageDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "triageDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(
                    new ResourcePropertySource(SOURCE_NAME, new ClassPathResource("triage-defaults.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException("triage-defaults.properties is missing from shared-events", e);
        }
    }
}
