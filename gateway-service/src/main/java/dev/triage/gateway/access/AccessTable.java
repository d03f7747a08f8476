package dev.triage.gateway.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every route of the gateway and what it needs, in one place. A request whose method and path match no row is
 * answered 404 before any controller sees it, so a new endpoint is unreachable until it is listed here; the
 * completeness test fails the build when a mapped route is missing. The first matching row wins, so literal paths come
 * before patterns that could also match them.
 *
 * <p>Anonymous callers get at most {@link Scope#RESULTS_READ}, {@link Scope#HISTORY_READ} and
 * {@link Scope#ANALYSIS_WRITE} (when the operator allows it), so rows that need any other scope, an admin or a person
 * are never reachable without credentials.
 */
public final class AccessTable {

    /** Rate-limit class of a route. */
    public enum RateClass {
        /** Not counted: health probes and metrics scrapes. */
        NONE,
        /** The caller's general budget. */
        DEFAULT,
        /** Analysis and AI-backed calls: a tighter budget on top of the general one. */
        EXPENSIVE,
        /** Sign-in: counted per address, whoever the caller claims to be. */
        LOGIN
    }

    /** Body limit of a route whose controller enforces its own (streamed analysis input). */
    public static final long CONTROLLER_LIMIT = -1;
    /** Body limit of a route that takes the default ({@code triage.gateway.access.max-body}). */
    public static final long DEFAULT_LIMIT = 0;
    /** Body limit of the small JSON endpoints (auth, admin, user settings). */
    public static final long SMALL = 64 * 1024;

    /**
     * One row.
     *
     * @param method    HTTP method
     * @param pattern   path pattern
     * @param publicRoute no credentials needed
     * @param scope     the scope needed, or {@code null} when any signed-in principal may call it
     * @param humanOnly a person must call it (session, personal API key, bootstrap key), never a scoped token
     * @param rateClass which budget it spends
     * @param maxBody   the largest body in bytes, or {@link #DEFAULT_LIMIT} / {@link #CONTROLLER_LIMIT}
     */
    public record Route(String method, RoutePattern pattern, boolean publicRoute, @Nullable Scope scope, boolean humanOnly,
            RateClass rateClass, long maxBody) {

        public String path() {
            return pattern.text();
        }

        boolean matches(String requestMethod, String path) {
            boolean methodMatches = method.equals(requestMethod) || method.equals("GET") && requestMethod.equals("HEAD");
            return methodMatches && pattern.matches(path);
        }

        /** Whether an anonymous caller with these scopes passes this row. */
        boolean admitsAnonymous(java.util.Set<Scope> anonymousScopes) {
            return publicRoute || !humanOnly && scope != null && anonymousScopes.contains(scope);
        }
    }

    private final List<Route> routes;

    private AccessTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    public Optional<Route> match(String method, String path) {
        return routes.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    /** The table of the v2 API. */
    public static AccessTable v2() {
        Builder t = new Builder();
        // public: health, probes, metrics scrapes, sign-in
        t.open("GET", "/health", RateClass.NONE);
        t.open("GET", "/actuator/health", RateClass.NONE);
        t.open("GET", "/actuator/health/**", RateClass.NONE);
        t.open("GET", "/actuator/info", RateClass.NONE);
        t.open("GET", "/actuator/prometheus", RateClass.NONE);
        t.open("GET", "/api/auth/me", RateClass.DEFAULT);
        t.open("POST", "/api/auth/login", RateClass.LOGIN, SMALL);
        t.open("POST", "/api/auth/logout", RateClass.DEFAULT, SMALL);
        t.open("GET", "/api/notifications/vapid-public-key", RateClass.DEFAULT);

        // analysis
        t.scoped("POST", "/analyze", Scope.ANALYSIS_WRITE, RateClass.EXPENSIVE, CONTROLLER_LIMIT);
        t.scoped("POST", "/analyze-failures", Scope.ANALYSIS_WRITE, RateClass.EXPENSIVE, CONTROLLER_LIMIT);
        t.scoped("POST", "/re-analyze/{job_id}", Scope.ANALYSIS_WRITE, RateClass.EXPENSIVE, CONTROLLER_LIMIT);
        t.scoped("POST", "/results/{job_id}/cancel", Scope.ANALYSIS_WRITE, RateClass.DEFAULT, SMALL);

        // results
        t.scoped("GET", "/results", Scope.RESULTS_READ);
        t.scoped("GET", "/results/{job_id}", Scope.RESULTS_READ);
        t.scoped("GET", "/results/{job_id}/events", Scope.RESULTS_READ);
        t.scoped("GET", "/results/{job_id}/review-status", Scope.RESULTS_READ);
        t.scoped("GET", "/api/dashboard", Scope.RESULTS_READ);
        t.scoped("GET", "/api/capabilities", Scope.RESULTS_READ);
        t.scoped("GET", "/ai-configs", Scope.RESULTS_READ);
        t.scoped("GET", "/results/{job_id}/issue-prompt", Scope.RESULTS_READ);
        t.scoped("GET", "/results/{job_id}/comments", Scope.RESULTS_READ);
        t.scoped("PUT", "/results/{job_id}/override-classification", Scope.RESULTS_WRITE);
        t.scoped("POST", "/results/{job_id}/comments", Scope.RESULTS_WRITE);
        t.scoped("DELETE", "/results/{job_id}/comments/{comment_id}", Scope.RESULTS_WRITE);
        t.scoped("PUT", "/results/{job_id}/reviewed", Scope.RESULTS_WRITE);
        t.scoped("POST", "/results/{job_id}/enrich-comments", Scope.RESULTS_WRITE, RateClass.EXPENSIVE, DEFAULT_LIMIT);
        t.scoped("POST", "/api/analyze-comment-intent", Scope.RESULTS_WRITE, RateClass.EXPENSIVE, DEFAULT_LIMIT);
        t.scoped("DELETE", "/results/{job_id}", Scope.ADMIN);
        t.scoped("DELETE", "/api/results/bulk", Scope.ADMIN);

        // trackers (never anonymous: they create things elsewhere or touch credentials)
        t.scoped("POST", "/results/{job_id}/preview-github-issue", Scope.TRACKERS_WRITE, RateClass.EXPENSIVE, DEFAULT_LIMIT);
        t.scoped("POST", "/results/{job_id}/preview-jira-bug", Scope.TRACKERS_WRITE, RateClass.EXPENSIVE, DEFAULT_LIMIT);
        t.scoped("POST", "/results/{job_id}/create-github-issue", Scope.TRACKERS_WRITE);
        t.scoped("POST", "/results/{job_id}/create-jira-bug", Scope.TRACKERS_WRITE);
        t.scoped("POST", "/results/{job_id}/push-reportportal", Scope.TRACKERS_WRITE);
        t.scoped("POST", "/api/validate-token", Scope.TRACKERS_WRITE, RateClass.EXPENSIVE, SMALL);
        t.scoped("POST", "/api/jira-projects", Scope.TRACKERS_WRITE, RateClass.DEFAULT, SMALL);
        t.scoped("POST", "/api/jira-security-levels", Scope.TRACKERS_WRITE, RateClass.DEFAULT, SMALL);
        t.scoped("POST", "/api/feedback/preview", Scope.TRACKERS_WRITE, RateClass.EXPENSIVE, DEFAULT_LIMIT);
        t.scoped("POST", "/api/feedback/create", Scope.TRACKERS_WRITE);

        // history
        t.scoped("GET", "/history/failures", Scope.HISTORY_READ);
        t.scoped("GET", "/history/test/{test_name:path}", Scope.HISTORY_READ);
        t.scoped("GET", "/history/search", Scope.HISTORY_READ);
        t.scoped("GET", "/history/stats/{job_name:path}", Scope.HISTORY_READ);
        t.scoped("GET", "/history/classifications", Scope.HISTORY_READ);
        t.scoped("POST", "/history/classify", Scope.HISTORY_WRITE);
        t.scoped("GET", "/api/dashboard", Scope.HISTORY_READ);

        // job metadata: reads are open to readers, changes need metadata:write
        t.scoped("GET", "/api/jobs/metadata", Scope.HISTORY_READ);
        t.scoped("GET", "/api/jobs/metadata/rules", Scope.HISTORY_READ);
        t.scoped("POST", "/api/jobs/metadata/rules/preview", Scope.HISTORY_READ);
        t.scoped("PUT", "/api/jobs/metadata/bulk", Scope.METADATA_WRITE);
        t.scoped("GET", "/api/jobs/{job_name:path}/metadata", Scope.HISTORY_READ);
        t.scoped("PUT", "/api/jobs/{job_name:path}/metadata", Scope.METADATA_WRITE);
        t.scoped("DELETE", "/api/jobs/{job_name:path}/metadata", Scope.METADATA_WRITE);

        // the caller's own things: any signed-in principal
        t.signedIn("POST", "/api/notifications/subscribe", false);
        t.signedIn("POST", "/api/notifications/unsubscribe", false);
        t.signedIn("GET", "/api/users/mentions", false);
        t.signedIn("POST", "/api/users/mentions/read", false);
        t.signedIn("POST", "/api/users/mentions/read-all", false);
        t.signedIn("GET", "/api/users/mentions/unread-count", false);
        t.signedIn("GET", "/api/users/mentionable", false);
        // credentials: a person only, never a scoped token
        t.signedIn("GET", "/api/user/tokens", true);
        t.signedIn("PUT", "/api/user/tokens", true);
        t.signedIn("GET", "/api/auth/tokens", true);
        t.signedIn("POST", "/api/auth/tokens", true);
        t.signedIn("DELETE", "/api/auth/tokens/current", false);
        t.signedIn("DELETE", "/api/auth/tokens/{token_id}", true);

        // admin
        t.scoped("GET", "/api/admin/users", Scope.ADMIN);
        t.scoped("POST", "/api/admin/users", Scope.ADMIN, RateClass.DEFAULT, SMALL);
        t.scoped("DELETE", "/api/admin/users/{username}", Scope.ADMIN);
        t.scoped("PUT", "/api/admin/users/{username}/role", Scope.ADMIN, RateClass.DEFAULT, SMALL);
        t.scoped("POST", "/api/admin/users/{username}/rotate-key", Scope.ADMIN, RateClass.DEFAULT, SMALL);
        t.scoped("GET", "/api/admin/token-usage", Scope.ADMIN);
        t.scoped("GET", "/api/admin/token-usage/summary", Scope.ADMIN);
        t.scoped("GET", "/api/admin/token-usage/{job_id}", Scope.ADMIN);
        t.scoped("GET", "/api/admin/dead-letters", Scope.ADMIN);
        t.scoped("POST", "/api/admin/dead-letters/redrive", Scope.ADMIN, RateClass.DEFAULT, SMALL);
        return new AccessTable(t.routes);
    }

    private static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        void open(String method, String path, RateClass rateClass) {
            open(method, path, rateClass, DEFAULT_LIMIT);
        }

        void open(String method, String path, RateClass rateClass, long maxBody) {
            routes.add(new Route(method, RoutePattern.of(path), true, null, false, rateClass, maxBody));
        }

        void scoped(String method, String path, Scope scope) {
            scoped(method, path, scope, RateClass.DEFAULT, DEFAULT_LIMIT);
        }

        void scoped(String method, String path, Scope scope, RateClass rateClass, long maxBody) {
            routes.add(new Route(method, RoutePattern.of(path), false, scope, false, rateClass, maxBody));
        }

        void signedIn(String method, String path, boolean humanOnly) {
            routes.add(new Route(method, RoutePattern.of(path), false, null, humanOnly, RateClass.DEFAULT, SMALL));
        }
    }
}
