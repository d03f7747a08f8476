package dev.triage.analysis.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the shared test-report corpus: {@code -Dtriage.corpus.dir=/path/to/corpus} when given, else the first
 * {@code shared/corpus/expected.json} beside an ancestor of the working directory (the repository is cloned to X and
 * the corpus lives in X/../shared). Never skips: a missing corpus is a failed test with a message saying where it looked.
 */
final class Corpus {

    static final String PROPERTY = "triage.corpus.dir";

    private Corpus() {
    }

    static Path dir() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("expected.json"))) {
                throw new AssertionError("-D" + PROPERTY + "=" + dir + " has no expected.json");
            }
            return dir;
        }
        Path start = Path.of("").toAbsolutePath();
        Path found = find(start);
        if (found == null) {
            throw new AssertionError("Test-report corpus not found: no shared/corpus/expected.json beside any ancestor of " + start
                    + "; set -D" + PROPERTY + "=<corpus dir>");
        }
        return found;
    }

    private static @Nullable Path find(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        return null;
    }

    static Stream<Path> junitFiles(Path corpus) throws IOException {
        return Files.walk(corpus.resolve("junit")).filter(Files::isRegularFile).sorted();
    }
}
