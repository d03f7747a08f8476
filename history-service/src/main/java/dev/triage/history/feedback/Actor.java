package dev.triage.history.feedback;

import org.jspecify.annotations.Nullable;

/**
 * Who is acting, as the gateway tells it: {@code X-Triage-Actor} (a user name; {@code anonymous} until authentication
 * lands) and {@code X-Triage-Admin: true} for administrators. The internal API is not reachable from outside, so these
 * headers are trusted.
 */
record Actor(String name, boolean admin) {

    static final String HEADER = "X-Triage-Actor";
    static final String ADMIN_HEADER = "X-Triage-Admin";

    static Actor of(@Nullable String name, @Nullable String admin) {
        String cleaned = name == null || name.isBlank() || name.length() > 200 ? "anonymous" : name.strip();
        return new Actor(cleaned, "true".equalsIgnoreCase(admin));
    }
}
