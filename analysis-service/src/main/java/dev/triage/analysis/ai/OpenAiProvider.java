package dev.triage.analysis.ai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any OpenAI-compatible chat-completions endpoint (vLLM, Ollama, hosted services): {@code POST <base>/chat/completions}
 * with one user message. The API key comes from the environment and is sent as a bearer token only; it is never
 * logged or put in an error message. 429 and 5xx answers and connection failures are transient (retried by the
 * caller); other 4xx are not.
 */
final class OpenAiProvider implements AiProvider {

    private final String name;
    private final URI endpoint;
    private final @Nullable String apiKey;
    private final String defaultModel;
    private final JsonMapper json;
    private final HttpClient http;

    OpenAiProvider(String name, String baseUrl, @Nullable String apiKey, String defaultModel, JsonMapper json) {
        this.name = name;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.defaultModel = defaultModel;
        this.json = json;
        // HTTP/1.1: some inference servers answer the h2c upgrade of plain-http requests badly
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    @Override
    public AiReply ask(String prompt, String model, Duration timeout, @Nullable Path workdir) {
        String body = json.writeValueAsString(Map.of("model", model, "temperature", 0,
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AiCallFailed("timeout", "The " + name + " endpoint gave no answer within " + timeout.toSeconds() + " s",
                    false);
        } catch (IOException e) {
            throw new AiCallFailed("unreachable", "The " + name + " endpoint could not be reached", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiCallFailed("cancelled", "The " + name + " call was cancelled", false);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new AiCallFailed("http_error", "The " + name + " endpoint answered HTTP " + status, true);
        }
        if (status >= 300) {
            throw new AiCallFailed("http_error", "The " + name + " endpoint answered HTTP " + status, false);
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new AiCallFailed("error", "The " + name + " endpoint answered something that is not JSON", false);
        }
        String text = root.path("choices").path(0).path("message").path("content").asString("");
        JsonNode usage = root.path("usage");
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        return new AiReply(text, new Usage(Math.max(0, usage.path("prompt_tokens").asLong(0) - cached),
                usage.path("completion_tokens").asLong(0), cached, 0, null));
    }
}
