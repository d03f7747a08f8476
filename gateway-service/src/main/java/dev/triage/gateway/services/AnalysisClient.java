package dev.triage.gateway.services;

import dev.triage.gateway.GatewayProperties;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The analysis service's internal API: stored results, AI capabilities and token-usage reports. */
@Component
public class AnalysisClient {

    static final String SERVICE = "analysis-service";

    private final RestClient client;
    private final String baseUrl;
    private final CircuitBreaker breaker;

    public AnalysisClient(GatewayProperties properties, CircuitBreakerRegistry breakers) {
        this.client = InternalClients.client(properties.services().analysis(), properties.timeouts());
        String base = properties.services().analysis().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.breaker = breakers.circuitBreaker(SERVICE);
    }

    /**
     * A read of the internal API whose answer (including a 4xx with its error body) is passed on as it is.
     *
     * @param query parameters; null values are left out
     */
    public ResponseEntity<JsonNode> get(String path, Map<String, ? extends @Nullable Object> query) {
        URI uri = URI.create(baseUrl + path + HistoryClient.queryString(query));
        return call(() -> client.get().uri(uri).header(RequestIds.HEADER, RequestIds.current())
                .accept(MediaType.APPLICATION_JSON).exchange((req, res) -> {
                    HttpStatus status = HttpStatus.valueOf(res.getStatusCode().value());
                    if (status.is5xxServerError()) {
                        throw new RestClientException("analysis service answered " + status.value());
                    }
                    JsonNode node = res.getHeaders().getContentLength() == 0 ? null : res.bodyTo(JsonNode.class);
                    return ResponseEntity.status(status).body(node);
                }));
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
