package dev.triage.platform.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The error body of every 4xx and 5xx. Old clients read {@code detail}, new ones {@code code}.
 *
 * @param detail  a sentence for people (the same as {@code message})
 * @param code    a stable machine-readable reason in snake_case
 * @param message a sentence for people
 * @param details structured facts (field names, limits, line and column); never the client's input echoed back
 * @param errorId the request id, to find the logs of this error
 */
public record ApiError(String detail, String code, String message, Map<String, Object> details,
        @JsonProperty("error_id") String errorId) {

    public static ApiError of(String code, String message, Map<String, Object> details, String errorId) {
        return new ApiError(message, code, message, details == null ? Map.of() : details, errorId);
    }
}
