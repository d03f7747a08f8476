package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessTableUnitTests {

    private final AccessTable table = AccessTable.v2();
    private final Set<Scope> mostAnonymousCanGet = EnumSet.of(Scope.RESULTS_READ, Scope.HISTORY_READ, Scope.ANALYSIS_WRITE);

    @Test
    void patternsMatchOneSegmentPerVariableAndOneOrMoreForPathVariables() {
        assertThat(RoutePattern.of("/results/{job_id}").matches("/results/abc")).isTrue();
        assertThat(RoutePattern.of("/results/{job_id}").matches("/results/abc/events")).isFalse();
        assertThat(RoutePattern.of("/results/{job_id}").matches("/results")).isFalse();
        assertThat(RoutePattern.of("/history/test/{test_name:path}").matches("/history/test/tests/a.py::test_x")).isTrue();
        assertThat(RoutePattern.of("/api/jobs/{job_name:path}/metadata").matches("/api/jobs/folder/job/metadata")).isTrue();
        assertThat(RoutePattern.of("/api/jobs/{job_name:path}/metadata").matches("/api/jobs/metadata")).isFalse();
        assertThat(RoutePattern.of("/actuator/health/**").matches("/actuator/health/readiness")).isTrue();
        assertThatThrownBy(() -> RoutePattern.of("/a/**/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalRoutesWinOverPatternsThatCouldAlsoMatch() {
        assertThat(table.match("DELETE", "/api/auth/tokens/current").orElseThrow().scope()).isNull();
        assertThat(table.match("DELETE", "/api/auth/tokens/current").orElseThrow().humanOnly()).isFalse();
        assertThat(table.match("DELETE", "/api/auth/tokens/abcdefabcdef").orElseThrow().humanOnly()).isTrue();
        assertThat(table.match("GET", "/api/admin/token-usage/summary").orElseThrow().path()).isEqualTo("/api/admin/token-usage/summary");
        assertThat(table.match("GET", "/api/jobs/metadata/rules").orElseThrow().path()).isEqualTo("/api/jobs/metadata/rules");
        assertThat(table.match("PUT", "/api/jobs/metadata/bulk").orElseThrow().scope()).isEqualTo(Scope.METADATA_WRITE);
    }

    @Test
    void unknownRoutesAndMethodsMatchNothing() {
        assertThat(table.match("GET", "/admin")).isEmpty();
        assertThat(table.match("PATCH", "/results/abc")).isEmpty();
        assertThat(table.match("PUT", "/results")).isEmpty();
        assertThat(table.match("GET", "/actuator/env")).isEmpty();
        assertThat(table.match("GET", "/actuator/heapdump")).isEmpty();
        assertThat(table.match("HEAD", "/health")).isPresent();
    }

    @Test
    void anonymousCallersNeverReachAdminDeleteTrackerOrCredentialRoutesWhateverTheSetting() {
        List<AccessTable.Route> reachable = table.routes().stream().filter(r -> r.admitsAnonymous(mostAnonymousCanGet)).toList();
        assertThat(reachable).isNotEmpty().allSatisfy(r -> {
            assertThat(r.method()).isIn("GET", "POST");
            assertThat(r.path()).doesNotContain("/admin", "/tokens", "/user/");
            if (r.method().equals("POST") && !r.publicRoute()) {
                assertThat(r.path()).matches("/analyze|/analyze-failures|/re-analyze/\\{job_id}|/results/\\{job_id}/cancel"
                        + "|/api/jobs/metadata/rules/preview");
            }
        });
        assertThat(reachable.stream().filter(r -> !r.publicRoute()).map(AccessTable.Route::scope)).containsOnly(
                Scope.RESULTS_READ, Scope.HISTORY_READ, Scope.ANALYSIS_WRITE);
        assertThat(table.match("DELETE", "/results/abc").orElseThrow().admitsAnonymous(mostAnonymousCanGet)).isFalse();
        assertThat(table.match("DELETE", "/api/results/bulk").orElseThrow().scope()).isEqualTo(Scope.ADMIN);
    }

    @Test
    void theAnonymousSettingGrantsOnlyReadAndAnalysis() {
        assertThat(AccessFilter.anonymousScopes(List.of("none"))).isEmpty();
        assertThat(AccessFilter.anonymousScopes(List.of("read"))).containsExactlyInAnyOrder(Scope.RESULTS_READ, Scope.HISTORY_READ);
        assertThat(AccessFilter.anonymousScopes(List.of("read", "analysis"))).hasSize(3);
        assertThatThrownBy(() -> AccessFilter.anonymousScopes(List.of("admin"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesGrowByInclusion() {
        assertThat(Role.USER.scopes()).containsAll(Role.VIEWER.scopes()).doesNotContain(Scope.ADMIN, Scope.METADATA_WRITE);
        assertThat(Role.MAINTAINER.scopes()).containsAll(Role.USER.scopes()).contains(Scope.METADATA_WRITE);
        assertThat(Role.ADMIN.scopes()).containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void networksMatchByPrefixForBothFamilies() {
        List<Cidr> loopback = Cidr.parseAll(List.of("127.0.0.0/8", "::1"));
        assertThat(Cidr.anyContains(loopback, "127.0.0.1")).isTrue();
        assertThat(Cidr.anyContains(loopback, "127.255.3.4")).isTrue();
        assertThat(Cidr.anyContains(loopback, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Cidr.anyContains(loopback, "::ffff:127.0.0.1")).isTrue();
        assertThat(Cidr.anyContains(loopback, "128.0.0.1")).isFalse();
        assertThat(Cidr.anyContains(loopback, "::2")).isFalse();
        assertThat(Cidr.anyContains(Cidr.parseAll(List.of("10.1.0.0/20")), "10.1.15.255")).isTrue();
        assertThat(Cidr.anyContains(Cidr.parseAll(List.of("10.1.0.0/20")), "10.1.16.0")).isFalse();
        assertThat(Cidr.anyContains(loopback, "localhost")).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsMatchExactlyOrByWildcardSuffix() {
        assertThat(Hygiene.hostAllowed("evil.com", List.of())).isTrue();
        assertThat(Hygiene.hostAllowed("triage.example.com:8080", List.of("*.example.com"))).isTrue();
        assertThat(Hygiene.hostAllowed("example.com.evil.com", List.of("*.example.com"))).isFalse();
        assertThat(Hygiene.hostAllowed("localhost:8080", List.of("localhost"))).isTrue();
        assertThat(Hygiene.hostAllowed(null, List.of("localhost"))).isFalse();
    }
}
