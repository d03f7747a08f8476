package dev.triage.gateway.services;

import dev.triage.gateway.GatewayProperties;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.node.ObjectNode;

/** The analysis service's internal API: stored results. */
@Component
public class AnalysisClient {

    static final String SERVICE = "analysis-service";

    private final RestClient client;
    private final CircuitBreaker breaker;

    public AnalysisClient(GatewayProperties properties, CircuitBreakerRegistry breakers) {
        this.client = InternalClients.client(properties.services().analysis(), properties.timeouts());
        this.breaker = breakers.circuitBreaker(SERVICE);
    }

    /** The stored result of a job, or empty when the analysis service has none. */
    public Optional<ObjectNode> result(String jobId) {
        return call(() -> {
            try {
                return Optional.ofNullable(client.get().uri("/internal/results/{id}", jobId)
                        .header(RequestIds.HEADER, RequestIds.current())
                        .retrieve().body(ObjectNode.class));
            } catch (HttpClientErrorException.NotFound e) {
                return Optional.empty();
            }
        });
    }

    /** Deletes a job's stored result; deleting a missing one is fine. */
    public void delete(String jobId) {
        call(() -> client.delete().uri("/internal/results/{id}", jobId)
                .header(RequestIds.HEADER, RequestIds.current())
                .retrieve().toBodilessEntity());
    }

    private <T> T call(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException | RestClientException e) {
            throw ApiException.unavailable(SERVICE, 5);
        }
    }
}
