package dev.triage.gateway.access;

import dev.triage.platform.web.ApiError;
import dev.triage.platform.web.ApiException;
import dev.triage.platform.web.RequestIdFilter;
import dev.triage.platform.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The single door: every request passes, in this order, security headers, the trusted-host check, CORS, query and path
 * hygiene, the {@link AccessTable} lookup, the body limit, authentication, authorisation, the allow list and the rate
 * limits. Rejections use the platform error body; nothing the client sent is echoed.
 */
class AccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    private static final Set<Scope> ANONYMOUS_GRANTABLE = EnumSet.of(Scope.RESULTS_READ, Scope.HISTORY_READ, Scope.ANALYSIS_WRITE);

    private final AccessTable table;
    private final Identities identities;
    private final RateLimiter rateLimiter;
    private final AccessProperties properties;
    private final JsonMapper json;
    private final Set<Scope> anonymousScopes;
    private final List<Cidr> anonymousNetworks;
    private final List<Cidr> exemptNetworks;
    private final MeterRegistry meters;

    AccessFilter(AccessTable table, Identities identities, RateLimiter rateLimiter, AccessProperties properties, JsonMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        this.table = table;
        this.identities = identities;
        this.rateLimiter = rateLimiter;
        this.properties = properties;
        this.json = json;
        this.anonymousScopes = anonymousScopes(properties.anonymous());
        this.anonymousNetworks = Cidr.parseAll(properties.anonymousNetworks());
        this.exemptNetworks = Cidr.parseAll(properties.rateLimits().exemptNetworks());
        log.info("Access: anonymous callers may {} from {}; rate limits {}", anonymousScopes.isEmpty() ? "do nothing"
                : anonymousScopes.stream().map(Scope::wire).toList(),
                anonymousNetworks.isEmpty() ? "any address" : properties.anonymousNetworks(),
                properties.rateLimits().enabled() ? "on, not counted from " + properties.rateLimits().exemptNetworks() : "off");
    }

    /** {@code none}, {@code read} (results and history) and {@code analysis} as scopes. */
    static Set<Scope> anonymousScopes(List<String> settings) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String raw : settings) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "", "none" -> { }
                case "read" -> {
                    scopes.add(Scope.RESULTS_READ);
                    scopes.add(Scope.HISTORY_READ);
                }
                case "analysis" -> scopes.add(Scope.ANALYSIS_WRITE);
                default -> throw new IllegalArgumentException(
                        "triage.gateway.access.anonymous takes none, read, analysis; not '" + raw + "'");
            }
        }
        scopes.retainAll(ANONYMOUS_GRANTABLE);
        return scopes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityHeaders.apply(request, response);
        HttpServletRequest admitted;
        try {
            admitted = admit(request, response);
        } catch (ApiException e) {
            reject(request, response, e);
            return;
        }
        if (admitted != null) {
            chain.doFilter(admitted, response);
        }
    }

    /** @return the request to pass on (its body limited when it has no length), or null when the response is written */
    private HttpServletRequest admit(HttpServletRequest request, HttpServletResponse response) {
        if (!Hygiene.hostAllowed(request.getHeader(HttpHeaders.HOST), properties.allowedHosts())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_host", "This host name is not served here");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            boolean allowed = properties.corsOrigins().contains(origin);
            if (allowed) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
                response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            }
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
                if (!allowed) {
                    throw new ApiException(HttpStatus.FORBIDDEN, "cors_rejected", "Cross-origin requests from this origin are not allowed");
                }
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, DELETE");
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, X-Request-Id, Last-Event-ID");
                response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600");
                response.setStatus(HttpStatus.NO_CONTENT.value());
                return null;
            }
        }
        Hygiene.checkQuery(request.getQueryString(), properties.maxQueryLength());
        Hygiene.checkParameterNames(request);
        String path = Hygiene.checkPath(request);

        AccessTable.Route route = table.match(request.getMethod(), path)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such endpoint or resource"));
        long maxBody = route.maxBody() == AccessTable.DEFAULT_LIMIT ? properties.maxBody().toBytes() : route.maxBody();
        if (maxBody > 0 && request.getContentLengthLong() > maxBody) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", "The request body is larger than allowed",
                    Map.of("max_bytes", maxBody));
        }

        String address = request.getRemoteAddr();
        boolean anonymousNetwork = anonymousNetworks.isEmpty() || Cidr.anyContains(anonymousNetworks, address);
        Principal principal;
        try {
            principal = identities.resolve(request, anonymousNetwork ? anonymousScopes : Set.of());
        } catch (ApiException e) {
            if (e.status() == HttpStatus.UNAUTHORIZED) {
                // failed credentials spend the sign-in budget of the address, so guessing is as slow as signing in
                limit(response, AccessTable.RateClass.LOGIN, Principal.anonymous(Set.of()), address);
            }
            throw e;
        }
        request.setAttribute(Principal.ATTRIBUTE, principal);

        if (!route.publicRoute()) {
            authorize(route, principal);
            if (!properties.allowedUsers().isEmpty() && !isRead(request.getMethod())
                    && !properties.allowedUsers().contains(principal.username())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "not_allowed", "You are not on this server's allow list");
            }
        }
        if (route.rateClass() != AccessTable.RateClass.NONE) {
            limit(response, route.rateClass(), principal, address);
        }
        return maxBody > 0 && request.getContentLengthLong() < 0 ? new LimitedBodyRequest(request, maxBody) : request;
    }

    private static void authorize(AccessTable.Route route, Principal principal) {
        if (principal.isAnonymous()) {
            if (!route.admitsAnonymous(principal.scopes())) {
                throw Identities.unauthenticated("unauthenticated", "Sign in or send 'Authorization: Bearer <token>'");
            }
            return;
        }
        if (route.humanOnly() && !principal.isHuman()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "API tokens cannot call this endpoint; sign in");
        }
        if (route.scope() != null && !principal.scopes().contains(route.scope())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Your role or token does not allow this",
                    Map.of("required_scope", route.scope().wire()));
        }
    }

    private void limit(HttpServletResponse response, AccessTable.RateClass rateClass, Principal principal, String address) {
        AccessProperties.RateLimits limits = properties.rateLimits();
        if (!limits.enabled() || Cidr.anyContains(exemptNetworks, address)) {
            return;
        }
        String who = principal.isAnonymous() || rateClass == AccessTable.RateClass.LOGIN ? "ip:" + address
                : principal.tokenId() != null && principal.kind() == Principal.Kind.TOKEN ? "token:" + principal.tokenId()
                : "user:" + principal.username();
        RateLimiter.Decision decision = switch (rateClass) {
            case LOGIN -> rateLimiter.hit("login|" + who, limits.login(), limits.window());
            case EXPENSIVE -> tighter(rateLimiter.hit("expensive|" + who, limits.expensive(), limits.window()),
                    general(who, principal, limits));
            default -> general(who, principal, limits);
        };
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetAt()));
        if (!decision.allowed()) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("retry_after", decision.retryAfterSeconds());
            details.put("limit", decision.limit());
            details.put("window", limits.window().toSeconds() + "s");
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Rate limit exceeded. Retry after " + decision.retryAfterSeconds() + " seconds.", details, headers);
        }
    }

    private RateLimiter.Decision general(String who, Principal principal, AccessProperties.RateLimits limits) {
        int limit = principal.isAnonymous() ? limits.perAddress() : limits.perUser();
        return rateLimiter.hit("all|" + who, limit, limits.window());
    }

    /** The decision that leaves less room, a refusal before anything. */
    private static RateLimiter.Decision tighter(RateLimiter.Decision a, RateLimiter.Decision b) {
        if (a.allowed() != b.allowed()) {
            return a.allowed() ? b : a;
        }
        return a.remaining() <= b.remaining() ? a : b;
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, ApiException e) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        meters.counter("triage.access.rejected", "status", Integer.toString(e.status().value()), "code", e.code()).increment();
        response.setStatus(e.status().value());
        e.headers().forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        Object id = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        ApiError body = ApiError.of(e.code(), e.getMessage(), e.details(), id instanceof String s ? s : RequestIds.current());
        json.writeValue(response.getOutputStream(), body);
    }
}
