package dev.triage.gateway.access;

import dev.triage.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/PUT /api/user/tokens}: the caller's own GitHub and Jira credentials, sealed with {@link SecretBox}. A field
 * sent blank clears the stored value; a field left out keeps it. Values are never logged.
 */
@RestController
class UserSecretsController {

    static final List<String> FIELDS = List.of("github_token", "jira_email", "jira_token");

    private final AccessStore store;
    private final SecretBox box;

    UserSecretsController(AccessStore store, SecretBox box) {
        this.store = store;
        this.box = box;
    }

    @GetMapping("/api/user/tokens")
    Map<String, String> get(HttpServletRequest request) {
        String username = Principals.of(request).username();
        Map<String, String> sealed = store.user(username).map(UserAccount::secrets).orElse(null);
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = sealed == null ? null : sealed.get(field);
            out.put(field, value == null ? "" : box.open(value, context(username, field)));
        }
        return out;
    }

    @PutMapping(path = "/api/user/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(@RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        String username = Principals.of(request).username();
        StrictJson json = StrictJson.parse(body, Set.copyOf(FIELDS));
        if (store.user(username).isEmpty()) {
            throw ApiException.notFound("User", username);
        }
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        for (String field : FIELDS) {
            String value = json.string(field, 4096);
            if (value == null) {
                continue;
            }
            if (value.isBlank()) {
                unset.add(field);
            } else {
                set.put(field, box.seal(value, context(username, field)));
            }
        }
        store.setSecrets(username, set, unset);
        return Map.of("ok", true);
    }

    /** Binds a ciphertext to its owner and field. */
    static String context(String username, String field) {
        return "user-secret:" + username + ":" + field;
    }
}
