package dev.triage.gateway.results;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/capabilities}: what this server offers, the same object result envelopes carry. */
@RestController
class CapabilitiesController {

    private final ResultViews views;

    CapabilitiesController(ResultViews views) {
        this.views = views;
    }

    @GetMapping("/api/capabilities")
    Map<String, Object> capabilities() {
        return views.capabilities();
    }
}
