package dev.triage.history.api;

import dev.triage.platform.web.ApiException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of names, ids and pages, and value formatting shared by the controllers. */
public final class Params {

    /** Job ids: what the gateway issues (UUIDs) and what tests use; nothing that could be an operator or a path. */
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final int MAX_NAME = 1000;

    private Params() {
    }

    public static String jobId(@Nullable String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw ApiException.unprocessable("validation_error", "job_id is not a valid job id", Map.of("parameter", "job_id"));
        }
        return id;
    }

    /** A required name (test, job, signature): non-blank, at most 1000 characters, no control characters. */
    public static String name(@Nullable String value, String parameter) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.unprocessable("validation_error", parameter + " must be 1 to " + MAX_NAME
                    + " printable characters", Map.of("parameter", parameter));
        }
        return value;
    }

    /** An optional filter: null when empty. */
    public static @Nullable String filter(@Nullable String value, String parameter) {
        return value == null || value.isEmpty() ? null : name(value, parameter);
    }

    public static void page(int limit, int maxLimit, int offset) {
        if (limit < 1 || limit > maxLimit || offset < 0) {
            throw ApiException.unprocessable("validation_error", "limit must be 1.." + maxLimit + " and offset >= 0",
                    Map.of("parameters", List.of("limit", "offset"), "max_limit", maxLimit));
        }
    }

    public static @Nullable String time(@Nullable Object date) {
        if (date instanceof Date d) {
            return d.toInstant().toString();
        }
        return date instanceof Instant i ? i.toString() : null;
    }

    public static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
