package dev.triage.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class AdminKeyUnitTests {

    @TempDir
    Path data;

    private AccessProperties properties() {
        return new AccessProperties(List.of("none"), List.of(), data.toString(), java.time.Duration.ofHours(12),
                java.time.Duration.ofDays(7), java.time.Duration.ofDays(30), java.time.Duration.ofDays(365), List.of(), List.of(),
                List.of(), org.springframework.util.unit.DataSize.ofMegabytes(1), 4096,
                new AccessProperties.RateLimits(true, java.time.Duration.ofMinutes(1), 1, 1, 1, 1, List.of()));
    }

    @Test
    void aGeneratedKeyIsWrittenOwnerOnlyAndReusedAtTheNextStart() throws IOException {
        AdminKey first = new AdminKey(new MockEnvironment(), properties());
        Path file = data.resolve("admin-key");
        String key = Files.readString(file).trim();
        assertThat(key).startsWith("trg_");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        assertThat(first.matches(key)).isTrue();
        AdminKey second = new AdminKey(new MockEnvironment(), properties());
        assertThat(second.matches(key)).isTrue();
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void theEnvironmentWinsAndATooShortKeyIsAMisconfiguration() {
        AdminKey configured = new AdminKey(new MockEnvironment().withProperty("TRIAGE_ADMIN_KEY", "a-long-enough-admin-key"),
                properties());
        assertThat(configured.matches("a-long-enough-admin-key")).isTrue();
        assertThat(Files.exists(data.resolve("admin-key"))).isFalse();
        AdminKey tooShort = new AdminKey(new MockEnvironment().withProperty("TRIAGE_ADMIN_KEY", "short"), properties());
        assertThat(tooShort.problem()).contains("shorter");
        assertThat(tooShort.matches("short")).isFalse();
    }

    @Test
    void anUnwritableDataDirIsAMisconfigurationNotACrash() throws IOException {
        Path blocker = data.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        AdminKey key = new AdminKey(new MockEnvironment().withProperty("TRIAGE_DATA_DIR", blocker.toString()), properties());
        assertThat(key.problem()).contains("cannot be read or written");
    }
}
