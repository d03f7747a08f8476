package dev.triage.analysis;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the analysis workers, under {@code triage.analysis}.
 *
 * @param workerConcurrency     listener threads per instance taking requests (partitions are shared out among them)
 * @param leaseTimeout          a claim on a job not renewed for this long may be taken by another worker
 * @param outcomesBatchSize     per-test outcomes per history event
 * @param delayPerFailureGroup  an artificial wait per failure group, standing in for a slow AI call in benchmarks;
 *                              zero in production
 * @param maxFailuresStored     failures kept in one stored result (more are counted but not listed), so that a result
 *                              stays far below MongoDB's 16 MB document limit
 * @param jenkins               reading Jenkins builds
 */
@ConfigurationProperties("triage.analysis")
public record AnalysisProperties(
        @DefaultValue("2") int workerConcurrency,
        @DefaultValue("2m") Duration leaseTimeout,
        @DefaultValue("500") int outcomesBatchSize,
        @DefaultValue("0s") Duration delayPerFailureGroup,
        @DefaultValue("5000") int maxFailuresStored,
        @DefaultValue Jenkins jenkins) {

    /**
     * The server's Jenkins defaults (a request's {@code jenkins_*} fields win) and the limits of reading a build.
     *
     * @param url               base URL of the default Jenkins; empty means every request must name one
     * @param user              user of the default Jenkins ({@code TRIAGE_JENKINS_USER}); empty for anonymous
     * @param password          its password or API token, from the environment only ({@code TRIAGE_JENKINS_PASSWORD})
     * @param sslVerify         verify TLS certificates
     * @param timeout           per call to Jenkins
     * @param maxAttempts       tries per call when Jenkins is unreachable, times out or answers 502/503/504/429
     * @param retryBackoff      wait before the second try (doubled for each further one)
     * @param allowedNetworks   internal networks (CIDR) that request-given Jenkins and artifact URLs may reach; by
     *                          default loopback, link-local and private ranges are refused ({@code TRIAGE_JENKINS_ALLOWED_NETWORKS})
     * @param childDepth        how deep downstream builds are followed; deeper ones get a note
     * @param maxChildren       failed downstream builds analysed per build
     * @param consoleMaxBytes   console text read per build (from its end when longer)
     * @param consoleKeepLines  lines kept around each error line, before and after
     * @param consoleMaxExcerpt characters of console kept per finding
     * @param artifactsMaxSize  default cap of downloaded artifacts per build
     * @param artifactsMaxFiles files taken from artifacts (entries of archives included)
     * @param maxPollInterval   longest wait between two looks at a running build, whatever the request asks
     * @param recheckInterval   how often every worker looks for waiting jobs whose next check is due
     */
    public record Jenkins(
            @DefaultValue("") String url,
            @DefaultValue("") String user,
            @DefaultValue("") String password,
            @DefaultValue("true") boolean sslVerify,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("500ms") Duration retryBackoff,
            @DefaultValue List<String> allowedNetworks,
            @DefaultValue("3") int childDepth,
            @DefaultValue("20") int maxChildren,
            @DefaultValue("5MB") DataSize consoleMaxBytes,
            @DefaultValue("15") int consoleKeepLines,
            @DefaultValue("4000") int consoleMaxExcerpt,
            @DefaultValue("50MB") DataSize artifactsMaxSize,
            @DefaultValue("200") int artifactsMaxFiles,
            @DefaultValue("60m") Duration maxPollInterval,
            @DefaultValue("5s") Duration recheckInterval) {

        /** The allowed networks without blanks (an empty environment variable binds as one empty entry). */
        public List<String> networks() {
            return allowedNetworks == null ? List.of() : allowedNetworks.stream().filter(s -> !s.isBlank()).toList();
        }
    }
}
