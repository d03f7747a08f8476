package dev.triage.gateway.services;

import dev.triage.gateway.GatewayProperties;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

/**
 * The history service's internal API. Answers (including its 4xx errors, which carry the error body) are passed on
 * as they are; a history service that is down or overloaded gives a quick 503 with {@code Retry-After}.
 */
@Component
public class HistoryClient {

    static final String SERVICE = "history-service";
    /** Who is acting: a user name, {@code token:<name>} or {@code anonymous}. */
    public static final String ACTOR_HEADER = "X-Triage-Actor";
    /** Present with {@code true} when the caller is an administrator. */
    public static final String ADMIN_HEADER = "X-Triage-Admin";

    private final RestClient client;
    private final String baseUrl;
    private final CircuitBreaker breaker;

    public HistoryClient(GatewayProperties properties, CircuitBreakerRegistry breakers) {
        this.client = InternalClients.client(properties.services().history(), properties.timeouts());
        String base = properties.services().history().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.breaker = breakers.circuitBreaker(SERVICE);
    }

    /**
     * Calls {@code path} of the internal API.
     *
     * @param query parameters, each value encoded as text; null values are left out
     * @param body  a JSON body, or null
     */
    public ResponseEntity<JsonNode> call(HttpMethod method, String path, Map<String, ? extends @Nullable Object> query,
            @Nullable Object body, String actor, boolean admin) {
        URI uri = URI.create(baseUrl + path + queryString(query));
        try {
            return breaker.executeSupplier(() -> {
                var request = client.method(method).uri(uri).header(RequestIds.HEADER, RequestIds.current())
                        .header(ACTOR_HEADER, actor).header(ADMIN_HEADER, Boolean.toString(admin))
                        .accept(MediaType.APPLICATION_JSON);
                if (body != null) {
                    request.contentType(MediaType.APPLICATION_JSON).body(body);
                }
                ResponseEntity<JsonNode> answer = request.exchange((req, res) -> {
                    HttpStatus status = HttpStatus.valueOf(res.getStatusCode().value());
                    JsonNode node = res.getHeaders().getContentLength() == 0 ? null : res.bodyTo(JsonNode.class);
                    return ResponseEntity.status(status).body(node);
                });
                if (answer.getStatusCode().value() >= 502 && answer.getStatusCode().value() <= 504) {
                    throw new Unavailable();
                }
                return answer;
            });
        } catch (CallNotPermittedException | RestClientException | Unavailable e) {
            throw ApiException.unavailable(SERVICE, 5);
        }
    }

    static String queryString(Map<String, ? extends @Nullable Object> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value instanceof List<?> values) {
                values.forEach(v -> joined.add(encode(name) + "=" + encode(String.valueOf(v))));
            } else if (value != null) {
                joined.add(encode(name) + "=" + encode(value.toString()));
            }
        });
        return joined.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A gateway error between here and the history service; counted by the breaker. */
    private static final class Unavailable extends RuntimeException {
        Unavailable() {
            super(null, null, false, false);
        }
    }
}
