package dev.triage.analysis.jenkins;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.platform.net.NetworkGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ArtifactsUnitTests {

    static final FakeJenkins jenkins = new FakeJenkins();
    static final JenkinsClient client = new JenkinsClient(new NetworkGuard(List.of("127.0.0.1/32"), Set.of()),
            CircuitBreakerRegistry.ofDefaults(), 1, Duration.ZERO, FakeJenkins.JSON);

    @AfterAll
    static void stop() {
        jenkins.close();
    }

    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void anArchiveThatTriesToEscapeTheWorkspaceWritesNothingOutsideIt(@TempDir Path temp) throws IOException {
        Path workspace = Files.createDirectory(temp.resolve("workspace"));
        jenkins.stub("/job/app/4/artifact/out/reports.zip", aResponse().withBody(zip(Map.of(
                "../../escaped.txt", "owned", "/tmp/absolute-" + System.nanoTime() + ".txt", "owned",
                "junit/TEST-a.xml", "<testsuite/>", "nested/../../../up.txt", "owned", "c:\\windows.txt", "owned"))));
        jenkins.stub("/job/app/4/artifact/notes.txt", aResponse().withBody("hello"));
        ObjectNode info = jenkins.build("app", 4, "FAILURE");
        info.set("artifacts", FakeJenkins.JSON.readTree("""
                [{"relativePath": "out/reports.zip"}, {"relativePath": "notes.txt"}, {"relativePath": "../../outside.txt"}]"""));

        Artifacts.Fetched fetched = new Artifacts(client, 50).fetch(target(1_000_000), jenkins.buildUrl("app", 4), info, workspace);

        assertThat(fetched.files()).extracting(Path::toString).containsExactlyInAnyOrder("out/reports/junit/TEST-a.xml", "notes.txt");
        assertThat(fetched.refused()).hasSize(5).allSatisfy(r -> assertThat(r).containsAnyOf("unsafe path", "leaves the workspace"));
        try (var all = Files.walk(temp)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("TEST-a.xml", "notes.txt");
        }
        assertThat(Files.exists(temp.resolve("escaped.txt"))).isFalse();
    }

    @Test
    void downloadsAndExpansionStopAtTheCap(@TempDir Path workspace) throws IOException {
        String big = "x".repeat(5_000);
        jenkins.stub("/job/big/1/artifact/bomb.zip", aResponse().withBody(zip(Map.of("a.txt", big.repeat(10), "b.txt", big.repeat(10)))));
        ObjectNode info = jenkins.build("big", 1, "FAILURE");
        info.set("artifacts", FakeJenkins.JSON.readTree("[{\"relativePath\": \"bomb.zip\"}]"));

        Artifacts.Fetched fetched = new Artifacts(client, 50).fetch(target(10_000), jenkins.buildUrl("big", 1), info, workspace);

        assertThat(fetched.truncated()).isTrue();
        try (var all = Files.walk(workspace)) {
            assertThat(all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum())
                    .isLessThanOrEqualTo(10_000L * Artifacts.EXPANSION_FACTOR);
        }
    }

    private static JenkinsTarget target(long maxBytes) {
        return new JenkinsTarget(URI.create(jenkins.base()), null, null, true, Duration.ofSeconds(5), maxBytes);
    }
}
