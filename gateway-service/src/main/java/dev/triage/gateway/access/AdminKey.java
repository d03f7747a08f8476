package dev.triage.gateway.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The bootstrap admin key: {@code TRIAGE_ADMIN_KEY} when set; otherwise the one in {@code <data dir>/admin-key}; otherwise
 * a new one, generated at first start, printed once in the log and written to that file with owner-only permissions.
 * Signed in with it, the caller is the reserved user {@code admin}.
 */
@Component
class AdminKey {

    static final String USERNAME = "admin";
    static final int MIN_LENGTH = 16;
    private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

    private final @Nullable String hash;
    private final @Nullable String problem;
    private final String fingerprint;

    AdminKey(Environment environment, AccessProperties properties) {
        String configured = environment.getProperty("TRIAGE_ADMIN_KEY", "").trim();
        String key = null;
        String trouble = null;
        if (!configured.isEmpty()) {
            if (configured.length() < MIN_LENGTH) {
                trouble = "TRIAGE_ADMIN_KEY is shorter than " + MIN_LENGTH + " characters";
            } else {
                key = configured;
            }
        } else {
            Path file = Path.of(environment.getProperty("TRIAGE_DATA_DIR", properties.dataDir())).resolve("admin-key");
            try {
                key = fromFile(file);
            } catch (IOException | IllegalStateException e) {
                // a read-only container without TRIAGE_ADMIN_KEY still serves; only the admin key is unavailable
                trouble = "TRIAGE_ADMIN_KEY is not set and " + file + " cannot be read or written (" + e.getMessage() + ")";
            }
        }
        this.hash = key == null ? null : Credentials.sha256Hex(key);
        this.problem = trouble;
        this.fingerprint = hash == null ? "none" : hash.substring(0, 16);
        if (trouble != null) {
            log.error("Admin key misconfigured: {}; admin sign-in answers 503 until it is fixed", trouble);
        }
    }

    private static String fromFile(Path file) throws IOException {
        try {
            if (Files.isRegularFile(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (stored.length() >= MIN_LENGTH) {
                    log.info("Admin key read from {}", file);
                    return stored;
                }
            }
            String key = Credentials.generate().value();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling("admin-key.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn("""

                    ==================================================================================
                     Generated the admin key (shown once; also stored owner-only in {}):
                       {}
                     Sign in:        curl -c cookies.txt -H 'Content-Type: application/json' \\
                                       -d '{"username":"admin","api_key":"<key>"}' localhost:8080/api/auth/login
                     Create a token: curl -H 'Authorization: Bearer <key>' -H 'Content-Type: application/json' \\
                                       -d '{"name":"ci","scopes":["analysis:write","results:read"]}' \\
                                       localhost:8080/api/auth/tokens
                    ==================================================================================""",
                    file.toAbsolutePath(), key);
            return key;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("another gateway is writing the admin key; start again", e);
        }
    }

    /** Whether {@code presented} is the admin key, compared in constant time. */
    boolean matches(String presented) {
        return hash != null && Credentials.matches(presented, hash);
    }

    @Nullable String problem() {
        return problem;
    }

    /** Identifies the current key without revealing it; sessions opened with an older key stop working. */
    String fingerprint() {
        return fingerprint;
    }
}
