package dev.triage.analysis.ai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CLIs rootcoz drives, called the way it calls them: the prompt on stdin and one JSON document on stdout.
 * <ul>
 * <li>{@code claude --model M -p --output-format json}: {@code {"type":"result","result":"...","is_error":false,
 * "usage":{"input_tokens",...},"total_cost_usd":...}}</li>
 * <li>{@code gemini --model M --output-format json}: {@code {"response":"...","stats":{"models":{"<m>":{"tokens":
 * {"prompt","candidates","cached"}}}}}}</li>
 * <li>{@code agent --model M --print --output-format json} (Cursor): the claude shape, usually without usage</li>
 * </ul>
 * A process that outlives its timeout is killed with its children. Output that is not the expected JSON is taken as
 * the answer text itself, so that the answer parser can still find a verdict in it.
 */
final class CliProvider implements AiProvider {

    /** Output beyond this is cut: an answer is a few KB, anything larger is a runaway. */
    static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

    private final String name;
    private final String kind;
    private final String command;
    private final List<String> extraArgs;
    private final String defaultModel;
    private final JsonMapper json;

    CliProvider(String name, String kind, String command, List<String> extraArgs, String defaultModel, JsonMapper json) {
        this.name = name;
        this.kind = kind;
        this.command = command.isBlank() ? defaultCommand(kind) : command;
        this.extraArgs = List.copyOf(extraArgs);
        this.defaultModel = defaultModel;
        this.json = json;
    }

    static String defaultCommand(String kind) {
        return switch (kind) {
            case "gemini" -> "gemini";
            case "cursor" -> "agent";
            default -> "claude";
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String defaultModel() {
        return defaultModel;
    }

    List<String> commandLine(String model) {
        List<String> line = new ArrayList<>();
        line.add(command);
        if (!model.isBlank()) {
            line.add("--model");
            line.add(model);
        }
        switch (kind) {
            case "gemini" -> line.addAll(List.of("--output-format", "json"));
            case "cursor" -> line.addAll(List.of("--print", "--output-format", "json"));
            default -> line.addAll(List.of("-p", "--output-format", "json"));
        }
        line.addAll(extraArgs);
        return line;
    }

    @Override
    public AiReply ask(String prompt, String model, Duration timeout, @Nullable Path workdir) {
        ProcessBuilder builder = new ProcessBuilder(commandLine(model));
        if (workdir != null) {
            builder.directory(workdir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AiCallFailed("exit_error", "The " + name + " CLI could not be started (" + command + ")", false);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()),
                r -> Thread.ofVirtual().start(r));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()),
                r -> Thread.ofVirtual().start(r));
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(prompt.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the CLI closed stdin early: its exit code and output tell what happened
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AiCallFailed("timeout", "The " + name + " CLI gave no answer within " + timeout.toSeconds() + " s",
                        false);
            }
            byte[] stdout = out.get(10, TimeUnit.SECONDS);
            err.get(10, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                throw new AiCallFailed("exit_error", "The " + name + " CLI exited with code " + process.exitValue(), false);
            }
            return parse(new String(stdout, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AiCallFailed("cancelled", "The " + name + " call was cancelled", false);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new AiCallFailed("error", "The output of the " + name + " CLI could not be read", false);
        }
    }

    AiReply parse(String stdout) {
        JsonNode root;
        try {
            root = json.readTree(stdout);
        } catch (JacksonException e) {
            return new AiReply(stdout, Usage.NONE);
        }
        if (root == null || !root.isObject()) {
            return new AiReply(stdout, Usage.NONE);
        }
        if (root.path("is_error").asBoolean(false)) {
            throw new AiCallFailed("exit_error", "The " + name + " CLI reported an error", false);
        }
        if (root.has("response")) {
            return new AiReply(root.path("response").asString(""), geminiUsage(root.path("stats")));
        }
        if (root.has("result")) {
            JsonNode usage = root.path("usage");
            Double cost = root.path("total_cost_usd").isNumber() ? root.path("total_cost_usd").asDouble() : null;
            return new AiReply(root.path("result").asString(""), new Usage(usage.path("input_tokens").asLong(0),
                    usage.path("output_tokens").asLong(0), usage.path("cache_read_input_tokens").asLong(0),
                    usage.path("cache_creation_input_tokens").asLong(0), cost));
        }
        return new AiReply(stdout, Usage.NONE);
    }

    private static Usage geminiUsage(JsonNode stats) {
        long input = 0;
        long output = 0;
        long cached = 0;
        for (Iterator<JsonNode> models = stats.path("models").values().iterator(); models.hasNext();) {
            JsonNode tokens = models.next().path("tokens");
            input += tokens.path("prompt").asLong(0);
            output += tokens.path("candidates").asLong(0);
            cached += tokens.path("cached").asLong(0);
        }
        return new Usage(Math.max(0, input - cached), output, cached, 0, null);
    }

    private static byte[] drain(InputStream in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() < MAX_OUTPUT_BYTES) {
                    buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT_BYTES - buffer.size()));
                }
            }
        } catch (IOException e) {
            // the process was killed: what was read so far is all there is
        }
        return buffer.toByteArray();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
