package dev.triage.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/** Request ids: what a valid one looks like, and the one of the work at hand. */
public final class RequestIds {

    /** The HTTP header that carries it. */
    public static final String HEADER = "X-Request-Id";
    /** The log context key that carries it. */
    public static final String MDC_KEY = "requestId";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** A client's value is kept only when it is short and harmless in logs and headers. */
    public static boolean isValid(@Nullable String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }

    public static String mint() {
        return UUID.randomUUID().toString();
    }

    /** The request id of the work this thread does, or a fresh one for work no request started (schedulers). */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : mint();
    }
}
