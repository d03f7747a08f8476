package dev.triage.gateway.analysis;

import dev.triage.events.analysis.PayloadRef;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.secrets.SecretSeal;
import dev.triage.platform.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's repository tokens ({@code tests_repo_token}, {@code additional_repos[].token}) sealed with the platform
 * key into the payload store, the way Jenkins credentials travel (docs/adr/0012): the job and its request event carry
 * only the reference, the analysis worker opens it for the shallow clones. A token is never in {@code request_params},
 * an event, a log or the store in clear; without a key a request with a token is refused rather than stored in clear.
 */
@Component
class RepoTokens {

    /** Associated data of the sealed tokens; the analysis worker opens them with the same. */
    static final String CONTEXT = "repo-tokens";

    private final PayloadStore payloads;
    private final JsonMapper json;
    private final SecretSeal seal;

    RepoTokens(PayloadStore payloads, JsonMapper json, Environment environment) {
        this.payloads = payloads;
        this.json = json;
        this.seal = SecretSeal.fromEnvironment(environment::getProperty);
    }

    /**
     * Seals the tokens of a request body.
     *
     * @return the stored sealed tokens, or null when the body has none
     */
    @Nullable PayloadRef seal(JsonNode body) throws IOException {
        ObjectNode tokens = json.createObjectNode();
        String tests = text(body.get("tests_repo_token"));
        if (tests != null) {
            tokens.put("tests_repo_token", tests);
        }
        ObjectNode repos = json.createObjectNode();
        JsonNode additional = body.get("additional_repos");
        if (additional != null && additional.isArray()) {
            for (JsonNode repo : additional) {
                String name = text(repo.get("name"));
                String token = text(repo.get("token"));
                if (name != null && token != null) {
                    repos.put(name, token);
                }
            }
        }
        if (!repos.isEmpty()) {
            tokens.set("additional_repos", repos);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        if (seal.problem() != null) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "auth_misconfigured", "Repository tokens in a request "
                    + "need the server's secret key (TRIAGE_SECRET_KEY on the gateway and the analysis service)");
        }
        String sealed = seal.seal(json.writeValueAsString(tokens), CONTEXT);
        return payloads.store(AnalyzeController.SEALED, sealed.getBytes(StandardCharsets.US_ASCII));
    }

    /** Deletes sealed tokens that no job took (the request was refused after sealing). */
    void discard(@Nullable PayloadRef sealed) {
        if (sealed != null) {
            payloads.delete(sealed.id());
        }
    }

    private static @Nullable String text(@Nullable JsonNode value) {
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString();
    }
}
