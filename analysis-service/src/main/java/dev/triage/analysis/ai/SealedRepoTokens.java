package dev.triage.analysis.ai;

import dev.triage.events.analysis.AnalysisRequested;
import dev.triage.platform.mongo.PayloadStore;
import dev.triage.platform.secrets.SecretSeal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens a request's repository tokens, which the gateway sealed with the platform key into the payload store
 * ({@link AnalysisRequested#secrets()}, docs/adr/0013), and gives each repository its own. A token that cannot be
 * opened (the payload is gone, the key is missing or differs) only costs the clone its credentials: the analysis goes
 * on, and the log says why without the token.
 */
@Component
class SealedRepoTokens {

    private static final Logger log = LoggerFactory.getLogger(SealedRepoTokens.class);
    /** Associated data the gateway sealed the tokens with. */
    static final String CONTEXT = "repo-tokens";

    private final PayloadStore payloads;
    private final JsonMapper json;
    private final SecretSeal seal;

    SealedRepoTokens(PayloadStore payloads, JsonMapper json, Environment environment) {
        this.payloads = payloads;
        this.json = json;
        this.seal = SecretSeal.fromEnvironment(environment::getProperty);
    }

    /** The repositories with the request's tokens: {@code tests_repo_token} for {@code tests}, the others by name. */
    List<AiWorkspace.Repo> withTokens(AnalysisRequested request, List<AiWorkspace.Repo> repos) {
        if (request.secrets() == null || repos.isEmpty()) {
            return repos;
        }
        JsonNode tokens = open(request).orElse(null);
        if (tokens == null) {
            return repos;
        }
        List<AiWorkspace.Repo> out = new ArrayList<>();
        for (AiWorkspace.Repo repo : repos) {
            JsonNode token = "tests".equals(repo.name()) ? tokens.get("tests_repo_token")
                    : tokens.path("additional_repos").get(repo.name());
            out.add(token != null && token.isString() && !token.asString().isBlank() ? repo.withToken(token.asString()) : repo);
        }
        return out;
    }

    private Optional<JsonNode> open(AnalysisRequested request) {
        String id = request.secrets().id();
        Optional<InputStream> stored = payloads.open(id);
        if (stored.isEmpty()) {
            log.warn("The repository tokens of job {} are no longer stored; repositories are cloned without them",
                    request.jobId());
            return Optional.empty();
        }
        try (InputStream in = stored.get()) {
            String sealed = new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII).trim();
            return Optional.of(json.readTree(seal.open(sealed, CONTEXT)));
        } catch (IOException | RuntimeException e) {
            log.warn("The repository tokens of job {} cannot be opened (is TRIAGE_SECRET_KEY the gateway's?); repositories"
                    + " are cloned without them", request.jobId());
            return Optional.empty();
        }
    }
}
