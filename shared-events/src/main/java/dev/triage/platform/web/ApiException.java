package dev.triage.platform.web;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** An error with its HTTP status and stable code, turned into an {@link ApiError} body. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> details;
    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, Map.of(), new HttpHeaders());
    }

    public ApiException(HttpStatus status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, new HttpHeaders());
    }

    public ApiException(HttpStatus status, String code, String message, Map<String, Object> details, HttpHeaders headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = headers;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found", Map.of("id", id));
    }

    public static ApiException unprocessable(String code, String message, Map<String, Object> details) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, message, details);
    }

    /** A dependency is down: 503 with {@code Retry-After}, never a hang. */
    public static ApiException unavailable(String what, int retryAfterSeconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "service_unavailable", what + " is unavailable, try again",
                Map.of("dependency", what), headers);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
