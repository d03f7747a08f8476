package dev.triage.analysis.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shallow clones into a per-job workspace, from a bare repository made here, and the workspace's removal. */
class AiWorkspaceUnitTests {

    @TempDir
    Path temp;

    @Test
    void rootcozRefSuffixesAreReadWithoutBreakingPortsOrScpUrls() {
        assertThat(AiWorkspace.Repo.of("tests", "https://github.com/acme/tests:release-4.18"))
                .isEqualTo(new AiWorkspace.Repo("tests", "https://github.com/acme/tests", "release-4.18"));
        assertThat(AiWorkspace.Repo.of("tests", "https://git.acme:8443/tests.git").ref()).isEmpty();
        assertThat(AiWorkspace.Repo.of("tests", "git@github.com:acme/tests.git").url()).isEqualTo("git@github.com:acme/tests.git");
    }

    @Test
    void additionalReposWithUnsafeNamesAreLeftOut() {
        var repos = AiWorkspace.requested(Map.of("tests_repo_url", "https://h/t.git", "additional_repos", List.of(
                Map.of("name", "product", "url", "https://h/p.git", "ref", "main"),
                Map.of("name", "../escape", "url", "https://h/x.git"), Map.of("name", ".hidden", "url", "https://h/y.git"))));
        assertThat(repos).extracting(AiWorkspace.Repo::name).containsExactly("tests", "product");
    }

    @Test
    void theTestsRepositoryIsClonedShallowAtItsRefAndDeletedWithTheJob() throws Exception {
        Path bare = bareRepository();
        Path root = temp.resolve("job-workspace");
        String url = bare.toUri().toString();
        try (var workspace = new AiWorkspace(root, List.of(AiWorkspace.Repo.of("tests", url + ":feature")), "secret-token-77",
                Duration.ofSeconds(60))) {
            String described = workspace.prepare();
            assertThat(described).contains("./tests").contains("at feature");
            assertThat(root.resolve("tests/feature.txt")).hasContent("on the branch");
            assertThat(git(root.resolve("tests"), "rev-list", "--count", "HEAD")).isEqualTo("1");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain("secret-token-77");
                }
            }
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void aRepositoryThatCannotBeClonedLeavesTheAnalysisWithoutIt() throws Exception {
        Path root = temp.resolve("job-2");
        try (var workspace = new AiWorkspace(root, List.of(AiWorkspace.Repo.of("tests", temp.resolve("missing").toUri()
                .toString())), null, Duration.ofSeconds(30))) {
            assertThat(workspace.prepare()).isNull();
        }
        assertThat(root).doesNotExist();
    }

    @Test
    void eachRepositoryClonesWithTheRequestsTokenForItElseTheServersAndNeverOverPlainHttp() throws Exception {
        Path record = temp.resolve("git-calls.txt");
        Path fakeGit = temp.resolve("fake-git");
        // stands in for git: records the header it was given through the environment and makes the clone's directory
        Files.writeString(fakeGit, "#!/usr/bin/env bash\n"
                + "echo \"${@: -1} ${GIT_CONFIG_VALUE_0:-none}\" >> '" + record + "'\n"
                + "mkdir -p \"${@: -1}\"\n");
        fakeGit.toFile().setExecutable(true);
        Path root = temp.resolve("job-tokens");
        List<AiWorkspace.Repo> repos = List.of(AiWorkspace.Repo.of("tests", "https://git.example/tests").withToken("req-tests"),
                AiWorkspace.Repo.of("product", "https://git.example/product"),
                new AiWorkspace.Repo("docs", "http://git.example/docs", "", "req-docs"));
        try (var workspace = new AiWorkspace(root, repos, "server-token", Duration.ofSeconds(30), fakeGit.toString())) {
            assertThat(workspace.prepare()).contains("./tests").contains("./product").contains("./docs");
        }
        assertThat(Files.readAllLines(record)).containsExactly(
                root.resolve("tests") + " Authorization: Basic " + basic("req-tests"),
                root.resolve("product") + " Authorization: Basic " + basic("server-token"),
                root.resolve("docs") + " none");
        assertThat(repos.getFirst().toString()).doesNotContain("req-tests").contains("token=***");
    }

    private static String basic(String token) {
        return java.util.Base64.getEncoder().encodeToString(("x-access-token:" + token)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Path bareRepository() throws IOException, InterruptedException {
        Path work = temp.resolve("work");
        Files.createDirectories(work);
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("main.txt"), "first");
        git(work, "add", ".");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        Files.writeString(work.resolve("main.txt"), "second");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "two");
        git(work, "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("feature.txt"), "on the branch");
        git(work, "add", ".");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "three");
        Path bare = temp.resolve("tests.git");
        git(temp, "clone", "-q", "--bare", work.toString(), bare.toString());
        return bare;
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
