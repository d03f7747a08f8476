package dev.triage.analysis.jenkins;

import dev.triage.platform.net.NetworkGuard;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP calls to Jenkins. Redirects are not followed automatically: each target is checked by the SSRF guard first, and
 * credentials go only to the host they were given for. Unreachable hosts, timeouts and 429/502/503/504 are retried with
 * a doubling backoff and counted by a circuit breaker per Jenkins host; an open breaker fails calls at once with
 * {@code jenkins_unreachable}. Answers that will not change (401/403, 404, other errors) are neither retried nor held
 * against the host.
 */
public class JenkinsClient {

    private static final int MAX_REDIRECTS = 5;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final NetworkGuard guard;
    private final CircuitBreakerRegistry breakers;
    private final CircuitBreakerConfig breakerConfig;
    private final int maxAttempts;
    private final Duration backoff;
    private final JsonMapper json;
    private final HttpClient verifying;
    private volatile @Nullable HttpClient trusting;

    public JenkinsClient(NetworkGuard guard, CircuitBreakerRegistry breakers, int maxAttempts, Duration backoff, JsonMapper json) {
        this.guard = guard;
        this.breakers = breakers;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
        this.json = json;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(e -> e instanceof TransientFailure)
                .build();
        this.verifying = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The guard every URL passes, for callers that check URLs before calling (e.g. artifact links). */
    public NetworkGuard guard() {
        return guard;
    }

    /** GETs JSON under the base URL. */
    public JsonNode json(JenkinsTarget target, String path) {
        return parse(get(target, target.base().resolve(path), HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    /** The same, empty when Jenkins answers 404 (e.g. a build without a test report). */
    public Optional<JsonNode> jsonIfPresent(JenkinsTarget target, String path) {
        try {
            return Optional.of(json(target, path));
        } catch (JenkinsException e) {
            if (e.code().equals(JenkinsException.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A streamed GET; the caller closes the body. */
    public Streamed stream(JenkinsTarget target, URI uri) {
        HttpResponse<InputStream> response = get(target, uri, HttpResponse.BodyHandlers.ofInputStream());
        return new Streamed(response.body(), response.headers());
    }

    /** An open body with its headers. */
    public record Streamed(InputStream body, HttpHeaders headers) {
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new JenkinsException(JenkinsException.ERROR, "Jenkins answered with something that is not JSON");
        }
    }

    <T> HttpResponse<T> get(JenkinsTarget target, URI uri, HttpResponse.BodyHandler<T> handler) {
        CircuitBreaker breaker = breakers.circuitBreaker("jenkins:" + hostKey(uri), breakerConfig);
        TransientFailure last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return breaker.executeCallable(() -> once(target, uri, handler));
            } catch (CallNotPermittedException e) {
                throw new JenkinsException(JenkinsException.UNREACHABLE, "Jenkins at " + hostKey(uri)
                        + " failed repeatedly; calls are paused for a while (circuit breaker open)");
            } catch (TransientFailure e) {
                last = e;
                if (attempt < maxAttempts) {
                    pause(backoff.multipliedBy(1L << (attempt - 1)));
                }
            } catch (JenkinsException e) {
                throw e;
            } catch (Exception e) {
                throw new JenkinsException(JenkinsException.ERROR, "Calling Jenkins failed: " + e.getClass().getSimpleName());
            }
        }
        throw new JenkinsException(last.code, last.getMessage() + " (after " + maxAttempts + " attempts)");
    }

    private <T> HttpResponse<T> once(JenkinsTarget target, URI start, HttpResponse.BodyHandler<T> handler)
            throws InterruptedException {
        URI current = start;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            try {
                guard.check(current);
            } catch (NetworkGuard.Blocked blocked) {
                throw new JenkinsException(JenkinsException.SSRF_BLOCKED, "Refused to call " + safe(current) + ": "
                        + blocked.getMessage());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(target.timeout()).GET();
            if (target.user() != null && !target.user().isBlank() && sameOrigin(current, target.base())) {
                String pair = target.user() + ":" + (target.password() == null ? "" : target.password());
                request.header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<T> response;
            try {
                response = client(target).send(request.build(), info -> info.statusCode() / 100 == 2
                        ? handler.apply(info) : HttpResponse.BodySubscribers.replacing(null));
            } catch (HttpConnectTimeoutException e) {
                throw new TransientFailure(JenkinsException.UNREACHABLE, "Jenkins at " + hostKey(current)
                        + " did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
            } catch (HttpTimeoutException e) {
                throw new TransientFailure(JenkinsException.TIMEOUT, "Jenkins at " + hostKey(current)
                        + " did not answer within " + target.timeout().toSeconds() + " s");
            } catch (ConnectException e) {
                throw new TransientFailure(JenkinsException.UNREACHABLE, "Jenkins at " + hostKey(current)
                        + " refused the connection or cannot be reached");
            } catch (IOException e) {
                throw new TransientFailure(JenkinsException.UNREACHABLE, "Jenkins at " + hostKey(current)
                        + " cannot be reached (" + e.getClass().getSimpleName() + ")");
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
                current = current.resolve(response.headers().firstValue("Location").get());
                continue;
            }
            throw failure(status, current);
        }
        throw new JenkinsException(JenkinsException.ERROR, "Jenkins redirected more than " + MAX_REDIRECTS + " times");
    }

    private static RuntimeException failure(int status, URI uri) {
        return switch (status) {
            case 401, 403 -> new JenkinsException(JenkinsException.AUTH_FAILED, "Jenkins at " + hostKey(uri) + " refused the "
                    + "credentials (HTTP " + status + "); check jenkins_user and jenkins_password (an API token)");
            case 404 -> new JenkinsException(JenkinsException.NOT_FOUND, "Jenkins has no " + safe(uri)
                    + " (HTTP 404); check job_name and build_number");
            case 429, 502, 503, 504 -> new TransientFailure(JenkinsException.UNREACHABLE, "Jenkins at " + hostKey(uri)
                    + " is unavailable (HTTP " + status + ")");
            default -> new JenkinsException(JenkinsException.ERROR, "Jenkins answered HTTP " + status + " for " + safe(uri));
        };
    }

    private HttpClient client(JenkinsTarget target) {
        if (target.sslVerify()) {
            return verifying;
        }
        HttpClient insecure = trusting;
        if (insecure == null) {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustingManager()}, new SecureRandom());
                insecure = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(CONNECT_TIMEOUT)
                        .sslContext(context).build();
                trusting = insecure;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("TLS unavailable", e);
            }
        }
        return insecure;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return hostKey(a).equals(hostKey(b)) && String.valueOf(a.getScheme()).equalsIgnoreCase(String.valueOf(b.getScheme()));
    }

    static String hostKey(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** The URL without query or user info, for messages. */
    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + uri.getRawPath();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JenkinsException(JenkinsException.UNREACHABLE, "Interrupted while waiting to retry Jenkins");
        }
    }

    /** Worth another try, and held against the host by its circuit breaker. */
    static final class TransientFailure extends RuntimeException {
        private final String code;

        TransientFailure(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** {@code jenkins_ssl_verify=false}: any certificate and host name, as the request asked. */
    private static final class TrustingManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
