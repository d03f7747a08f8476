package dev.triage.analysis.classify;

import dev.triage.analysis.AnalysisProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The rules in use: the operator's file (when there is one) before the shipped rules. The file is read at start-up and
 * again when it changes. An invalid file never breaks a job: it is reported as an ERROR naming the file, the rule and
 * the problem, and the last valid rules stay in use (the shipped rules alone when there never was a valid file), unless
 * {@code fail-on-invalid-rules} asks for the start-up to fail instead.
 */
@Component
public class OperatorRules {

    private static final Logger log = LoggerFactory.getLogger(OperatorRules.class);

    private final Path file;
    private final Duration checkInterval;
    private final RuleBook shipped = RuleBook.shipped();
    private volatile RuleClassifier current;
    private volatile @Nullable FileTime loadedVersion;
    private volatile Instant nextCheck = Instant.EPOCH;
    private volatile @Nullable String lastError;

    @Autowired
    OperatorRules(AnalysisProperties properties) {
        this(properties.classification());
    }

    OperatorRules(AnalysisProperties.ClassificationSettings settings) {
        this.file = Path.of(settings.rulesFile()).toAbsolutePath().normalize();
        this.checkInterval = settings.rulesCheckInterval();
        this.current = new RuleClassifier(null, shipped);
        reload();
        if (lastError != null && settings.failOnInvalidRules()) {
            throw new IllegalStateException("Invalid operator classification rules: " + lastError);
        }
        log.info("Classification rules {} ({} rules{})", current.version(), current.size(),
                loadedVersion == null ? ", no operator file at " + file : " with the operator's " + file);
    }

    /** The rules to classify with now; re-reads the operator file when it changed (checked at most once per interval). */
    public RuleClassifier current() {
        Instant now = Instant.now();
        if (now.isAfter(nextCheck)) {
            nextCheck = now.plus(checkInterval);
            reload();
        }
        return current;
    }

    /** The problem with the operator's file, or null when it is valid or absent. */
    public @Nullable String problem() {
        return lastError;
    }

    private synchronized void reload() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            if (loadedVersion != null) {
                log.warn("Operator classification rules {} were removed; using the shipped rules only", file);
            }
            loadedVersion = null;
            lastError = null;
            current = new RuleClassifier(null, shipped);
            return;
        } catch (IOException e) {
            report(file + ": cannot be read (" + e.getMessage() + ")");
            return;
        }
        if (modified.equals(loadedVersion)) {
            return;
        }
        try {
            RuleBook operator = RuleBook.load(file);
            current = new RuleClassifier(operator, shipped);
            loadedVersion = modified;
            lastError = null;
            log.info("Loaded {} operator classification rules (version {}) from {}", operator.rules().size(), operator.version(),
                    file);
        } catch (RulesFileException e) {
            loadedVersion = modified;
            report(e.getMessage());
        } catch (RuntimeException e) {
            // whatever a hand-edited file does to the parser, classification goes on with the last valid rules
            loadedVersion = modified;
            report(file + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void report(String problem) {
        lastError = problem;
        log.error("Operator classification rules are NOT used, {} stays in effect: {}", current.version(), problem);
    }
}
