package dev.triage.analysis.jenkins;

import dev.triage.analysis.AnalysisProperties;
import dev.triage.platform.net.NetworkGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The Jenkins client, build reader and artifact fetcher, from {@code triage.analysis.jenkins}. */
@Configuration(proxyBeanMethods = false)
class JenkinsConfiguration {

    @Bean
    JenkinsClient jenkinsClient(AnalysisProperties properties, ObjectProvider<CircuitBreakerRegistry> breakers, JsonMapper json) {
        AnalysisProperties.Jenkins settings = properties.jenkins();
        // the operator's own Jenkins is trusted wherever it lives; only addresses from requests are checked
        Set<String> trusted = settings.url().isBlank() ? Set.of()
                : Set.of(JenkinsClient.hostKey(URI.create(settings.url())).toLowerCase(Locale.ROOT));
        return new JenkinsClient(new NetworkGuard(settings.networks(), trusted),
                breakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults), settings.maxAttempts(), settings.retryBackoff(), json);
    }

    @Bean
    BuildReader jenkinsBuildReader(JenkinsClient client, AnalysisProperties properties) {
        AnalysisProperties.Jenkins settings = properties.jenkins();
        return new BuildReader(client, settings.childDepth(), settings.maxChildren(), settings.consoleMaxBytes().toBytes(),
                settings.consoleKeepLines(), settings.consoleMaxExcerpt());
    }

    @Bean
    Artifacts jenkinsArtifacts(JenkinsClient client, AnalysisProperties properties) {
        return new Artifacts(client, properties.jenkins().artifactsMaxFiles());
    }
}
