package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.testsupport.TriageIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every route a controller maps is in the access table, so no endpoint is born without a declared requirement. */
@TriageIntegrationTest
class AccessTableCompletenessIntegrationTests {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    AccessTable table;

    @Test
    void everyMappedRouteHasARowInTheAccessTable() {
        List<String> missing = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // the container's error dispatch, never a client request (the filter sees REQUEST only)
                }
                var methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    missing.add("ANY " + pattern + " (declare the HTTP method)");
                    continue;
                }
                for (RequestMethod method : methods) {
                    checked.add(method + " " + pattern);
                    if (samples(pattern).stream().noneMatch(sample -> table.match(method.name(), sample).isPresent())) {
                        missing.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(checked).contains("POST /analyze-failures", "DELETE /results/{jobId}", "POST /api/admin/users");
        assertThat(missing).as("routes without a row in AccessTable").isEmpty();
    }

    @Test
    void theTableDeclaresEveryRouteOfTheV2Reference() {
        for (String route : List.of("POST /analyze", "GET /results/x/review-status", "PUT /results/x/override-classification",
                "POST /results/x/preview-jira-bug", "DELETE /results/x/comments/c", "GET /history/test/a/b.py::t",
                "GET /history/stats/folder/job", "POST /history/classify", "GET /api/admin/token-usage/j",
                "PUT /api/jobs/a/b/metadata", "POST /api/notifications/subscribe", "POST /api/users/mentions/read-all",
                "POST /api/feedback/create", "POST /api/jira-security-levels")) {
            String[] parts = route.split(" ");
            assertThat(table.match(parts[0], parts[1])).as(route).isPresent();
        }
    }

    /**
     * Concrete paths for a Spring pattern: one segment per variable; for a catch-all ({@code {*rest}}), whose controller
     * checks the rest itself, a plain rest and the rests the v2 reference gives such routes ({@code .../metadata}).
     */
    static List<String> samples(String pattern) {
        String single = pattern.replaceAll("\\{[^}*]+}", "x1").replace("/**", "/a/b");
        return List.of("a/b", "a/b/metadata").stream().map(rest -> single.replaceAll("\\{\\*[^}]+}", rest)).distinct().toList();
    }
}
