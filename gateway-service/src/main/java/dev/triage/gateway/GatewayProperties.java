package dev.triage.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway, under {@code triage.gateway}.
 *
 * @param publicBaseUrl absolute base for {@code result_url}; empty means relative URLs
 * @param services      where the other services' internal APIs listen
 * @param analysis      analysis job settings
 * @param timeouts      calls to other services
 * @param jenkins       defaults and checks of {@code POST /analyze}
 */
@ConfigurationProperties("triage.gateway")
public record GatewayProperties(
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue Services services,
        @DefaultValue Analysis analysis,
        @DefaultValue Timeouts timeouts,
        @DefaultValue Jenkins jenkins) {

    /**
     * What {@code POST /analyze} fills in when a request leaves it out, and which Jenkins URLs it accepts. The
     * connection defaults (URL, credentials, timeouts) belong to the analysis service, which calls Jenkins.
     *
     * @param waitForCompletion   default of {@code wait_for_completion}
     * @param pollIntervalMinutes default of {@code poll_interval_minutes}
     * @param maxWaitMinutes      default of {@code max_wait_minutes} (0: no limit)
     * @param url                 the server's own Jenkins ({@code TRIAGE_JENKINS_URL}); a request may name it whatever
     *                            network it is on
     * @param allowedNetworks     internal networks (CIDR) a request's {@code jenkins_url} may point into; loopback,
     *                            link-local and private ranges are refused otherwise ({@code TRIAGE_JENKINS_ALLOWED_NETWORKS})
     */
    public record Jenkins(
            @DefaultValue("true") boolean waitForCompletion,
            @DefaultValue("2") int pollIntervalMinutes,
            @DefaultValue("0") int maxWaitMinutes,
            @DefaultValue("") String url,
            @DefaultValue List<String> allowedNetworks) {

        /** The allowed networks without blanks (an empty environment variable binds as one empty entry). */
        public List<String> networks() {
            return allowedNetworks == null ? List.of() : allowedNetworks.stream().filter(s -> !s.isBlank()).toList();
        }
    }

    /**
     * Internal API base URLs of the other services.
     *
     * @param analysis     analysis-service
     * @param tracker      tracker-service
     * @param history      history-service
     * @param notification notification-service
     */
    public record Services(
            @DefaultValue("http://localhost:8081") URI analysis,
            @DefaultValue("http://localhost:8082") URI tracker,
            @DefaultValue("http://localhost:8083") URI history,
            @DefaultValue("http://localhost:8084") URI notification) {
    }

    /**
     * @param syncWait       how long {@code POST /analyze-failures} waits for the result before answering 202
     * @param maxRawXml      the largest {@code raw_xml} accepted
     * @param maxRequestJson the largest JSON body apart from {@code raw_xml}
     * @param leaseTimeout   a job without progress for this long is handed to another worker
     * @param maxAttempts    how often a job is handed out before it is failed with {@code worker_lost}
     * @param sweepInterval  how often unpublished events and stuck jobs are looked for
     * @param requestSettle  how long an acknowledged request event stays in the outbox of an unfinished job (a job
     *                       finishing sooner empties it in the same write); below the sweeper's 2 s grace
     */
    public record Analysis(
            @DefaultValue("60s") Duration syncWait,
            @DefaultValue("50MB") DataSize maxRawXml,
            @DefaultValue("10MB") DataSize maxRequestJson,
            @DefaultValue("5m") Duration leaseTimeout,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("5s") Duration sweepInterval,
            @DefaultValue("1s") Duration requestSettle) {
    }

    /**
     * @param connect connecting to another service
     * @param read    waiting for its answer
     * @param health  each probe of {@code GET /health}
     */
    public record Timeouts(
            @DefaultValue("1s") Duration connect,
            @DefaultValue("10s") Duration read,
            @DefaultValue("2s") Duration health) {
    }
}
