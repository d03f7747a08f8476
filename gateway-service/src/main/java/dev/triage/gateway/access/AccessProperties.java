package dev.triage.gateway.access;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Access settings of the gateway, under {@code triage.gateway.access}. Secrets (the admin key, the secret-encryption
 * key) are never settings: they come from the environment ({@code TRIAGE_ADMIN_KEY}, {@code TRIAGE_SECRET_KEY}).
 *
 * @param anonymous          what callers without credentials may do: {@code none}, {@code read}, {@code analysis}
 * @param anonymousNetworks  CIDR blocks anonymous callers must come from; empty means any address
 * @param dataDir            where a generated admin key is written ({@code admin-key}, owner-only)
 * @param sessionTtl         a session expires after this long without use (sliding)
 * @param sessionMaxAge      and after this long at the latest
 * @param tokenDefaultTtl    lifetime of an API token created without {@code expires_in_days}
 * @param tokenMaxTtl        the longest lifetime a token may ask for
 * @param allowedUsers       the allow list: when not empty, only these users (and tokens of them) may call mutating routes
 * @param corsOrigins        origins allowed to call from a browser; empty means no cross-origin access
 * @param allowedHosts       values the {@code Host} header may take ({@code *.example.com} allowed); empty means any
 * @param maxBody            the largest request body of a route that does not declare its own limit
 * @param maxQueryLength     the longest query string accepted
 * @param rateLimits         request budgets
 */
@ConfigurationProperties("triage.gateway.access")
public record AccessProperties(
        @DefaultValue("none") List<String> anonymous,
        @DefaultValue List<String> anonymousNetworks,
        @DefaultValue("./data") String dataDir,
        @DefaultValue("12h") Duration sessionTtl,
        @DefaultValue("7d") Duration sessionMaxAge,
        @DefaultValue("30d") Duration tokenDefaultTtl,
        @DefaultValue("365d") Duration tokenMaxTtl,
        @DefaultValue List<String> allowedUsers,
        @DefaultValue List<String> corsOrigins,
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("1MB") DataSize maxBody,
        @DefaultValue("4096") int maxQueryLength,
        @DefaultValue RateLimits rateLimits) {

    /**
     * Fixed-window request budgets counted in MongoDB, so every gateway replica shares them.
     *
     * @param enabled        off turns counting and the {@code X-RateLimit-*} headers off
     * @param window         the window length
     * @param perUser        requests per window of one user or token
     * @param perAddress     requests per window of one anonymous address
     * @param expensive      analysis and AI-backed calls per window of one caller
     * @param login          sign-in attempts and failed credentials per window of one address
     * @param exemptNetworks CIDR blocks never counted (loopback by default: the local all-in-one and its benchmarks)
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("60s") Duration window,
            @DefaultValue("1200") int perUser,
            @DefaultValue("300") int perAddress,
            @DefaultValue("120") int expensive,
            @DefaultValue("10") int login,
            @DefaultValue({"127.0.0.0/8", "::1"}) List<String> exemptNetworks) {
    }
}
