package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * Cheap checks before anything reads a request: host, query length, parameter names that look like MongoDB operators,
 * and paths that try to climb out ({@code ..}, encoded slashes or dots, backslashes, control characters).
 */
final class Hygiene {

    private Hygiene() {
    }

    static boolean hostAllowed(@Nullable String hostHeader, List<String> allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        for (String pattern : allowed) {
            String p = pattern.trim().toLowerCase(Locale.ROOT);
            if (p.equals("*") || p.equals(host) || p.startsWith("*.") && host.endsWith(p.substring(1))) {
                return true;
            }
        }
        return false;
    }

    static void checkQuery(@Nullable String query, int maxLength) {
        if (query != null && query.length() > maxLength) {
            throw new ApiException(HttpStatus.URI_TOO_LONG, "query_too_long", "The query string is too long",
                    Map.of("max_length", maxLength));
        }
    }

    static void checkParameterNames(HttpServletRequest request) {
        if (request.getQueryString() == null) {
            return;
        }
        Enumeration<String> names = request.getParameterNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.length() > 64 || name.indexOf('$') >= 0 || name.indexOf('[') >= 0 || name.chars().anyMatch(c -> c < 0x20)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "A query parameter name is not accepted");
            }
        }
    }

    /** @return the path within the application, safe to match */
    static String checkPath(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String lower = raw.toLowerCase(Locale.ROOT);
        boolean hostile = raw.length() > 2048 || raw.contains("..") || raw.indexOf('\\') >= 0 || raw.indexOf(';') >= 0
                || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || raw.chars().anyMatch(c -> c < 0x20 || c == 0x7F) || raw.contains("//");
        if (hostile) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_path", "The request path is not accepted");
        }
        String context = request.getContextPath();
        return context.isEmpty() ? raw : raw.substring(context.length());
    }
}
