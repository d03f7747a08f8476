package dev.triage.analysis.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's working directory for the AI: shallow clones ({@code git clone --depth 1}) of the tests repository and the
 * additional repositories, made the first time a call needs them, deleted when the job ends. A token for private
 * repositories (the request's for that repository, else the server's) goes to git as an HTTP header through the
 * environment ({@code GIT_CONFIG_*}), so it is neither on the command line (visible to other processes) nor in the
 * clone's {@code .git/config}, and it never reaches a log.
 */
final class AiWorkspace implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AiWorkspace.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * One repository to clone.
     *
     * @param token the request's token for it (opened from the sealed payload), or null to use the server's
     */
    record Repo(String name, String url, String ref, @Nullable String token) {

        Repo(String name, String url, String ref) {
            this(name, url, ref, null);
        }

        Repo withToken(String value) {
            return new Repo(name, url, ref, value);
        }

        /** Never shows the token (records print every component). */
        @Override
        public String toString() {
            return "Repo[name=" + name + ", url=" + url + ", ref=" + ref + (token == null ? "" : ", token=***") + "]";
        }

        /**
         * Reads rootcoz's {@code url:ref} form: a last {@code :} whose suffix has no {@code /} selects a branch or tag
         * ({@code https://host:8443/x} and {@code git@host:org/x} keep their colons).
         */
        static Repo of(String name, String urlWithRef) {
            int colon = urlWithRef.lastIndexOf(':');
            if (colon > 0 && colon < urlWithRef.length() - 1) {
                String suffix = urlWithRef.substring(colon + 1);
                if (!suffix.contains("/") && !suffix.matches("\\d+")) {
                    return new Repo(name, urlWithRef.substring(0, colon), suffix);
                }
            }
            return new Repo(name, urlWithRef, "");
        }
    }

    private final Path root;
    private final List<Repo> repos;
    private final @Nullable String token;
    private final Duration cloneTimeout;
    private boolean prepared;
    private final List<String> cloned = new ArrayList<>();

    private final String git;

    AiWorkspace(Path root, List<Repo> repos, @Nullable String token, Duration cloneTimeout) {
        this(root, repos, token, cloneTimeout, "git");
    }

    /** With another git executable (tests use a stand-in that records what it was given). */
    AiWorkspace(Path root, List<Repo> repos, @Nullable String token, Duration cloneTimeout, String git) {
        this.git = git;
        this.root = root;
        this.repos = List.copyOf(repos);
        this.token = token == null || token.isBlank() ? null : token;
        this.cloneTimeout = cloneTimeout;
    }

    /** The repositories a request names: {@code tests_repo_url} as {@code tests}, then {@code additional_repos}. */
    static List<Repo> requested(Map<String, Object> parameters) {
        List<Repo> repos = new ArrayList<>();
        if (parameters.get("tests_repo_url") instanceof String url && !url.isBlank()) {
            repos.add(Repo.of("tests", url.strip()));
        }
        if (parameters.get("additional_repos") instanceof List<?> extra) {
            for (Object entry : extra) {
                if (entry instanceof Map<?, ?> m && m.get("name") instanceof String name && m.get("url") instanceof String url
                        && SAFE_NAME.matcher(name).matches() && !name.equals("tests") && !url.isBlank()) {
                    Object ref = m.get("ref");
                    repos.add(new Repo(name, url.strip(), ref == null ? "" : ref.toString()));
                }
            }
        }
        return repos;
    }

    List<Repo> repos() {
        return repos;
    }

    boolean hasRepos() {
        return !repos.isEmpty();
    }

    Path root() {
        return root;
    }

    /**
     * Clones what was not cloned yet (once per job).
     *
     * @return a description of the clones for the prompt, or null when there are none
     */
    @Nullable String prepare() throws InterruptedException {
        if (!prepared) {
            prepared = true;
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                log.warn("The AI workspace {} could not be created", root);
                return null;
            }
            for (Repo repo : repos) {
                if (clone(repo)) {
                    cloned.add("- ./" + repo.name() + " (" + repo.url() + (repo.ref().isEmpty() ? "" : " at " + repo.ref())
                            + ")");
                }
            }
        }
        return cloned.isEmpty() ? null : String.join("\n", cloned);
    }

    private boolean clone(Repo repo) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(git, "clone", "--quiet", "--depth", "1", "--single-branch"));
        if (!repo.ref().isEmpty()) {
            command.addAll(List.of("--branch", repo.ref()));
        }
        command.addAll(List.of("--", repo.url(), root.resolve(repo.name()).toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("GIT_TERMINAL_PROMPT", "0");
        // the request's token for this repository, else the server's; never over plain http, where the header would
        // cross the network readable
        String token = repo.token() != null ? repo.token() : this.token;
        if (token != null && !repo.url().startsWith("http://")) {
            String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
            env.put("GIT_CONFIG_COUNT", "1");
            env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
            env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
        }
        try {
            Process git = builder.start();
            if (!git.waitFor(cloneTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                git.descendants().forEach(ProcessHandle::destroyForcibly);
                git.destroyForcibly();
                log.warn("Cloning repository {} for the AI timed out", repo.name());
                return false;
            }
            if (git.exitValue() != 0) {
                log.warn("Cloning repository {} for the AI failed (git exit code {})", repo.name(), git.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.warn("Cloning repository {} for the AI failed: git could not be started", repo.name());
            return false;
        }
    }

    /** Deletes the workspace and everything cloned into it. */
    @Override
    public void close() {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    file.toFile().setWritable(true);
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("The AI workspace {} could not be deleted completely", root);
        }
    }
}
