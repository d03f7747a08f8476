package dev.triage.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared test-report corpus beside the checkout (the repository sits next to {@code shared/}). */
final class Corpus {

    private Corpus() {
    }

    static Path root() {
        String override = System.getProperty("triage.corpus");
        if (override != null) {
            return Path.of(override);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isRegularFile(candidate.resolve("expected.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/corpus/expected.json not found above " + Path.of("").toAbsolutePath()
                + "; set -Dtriage.corpus=<dir>");
    }
}
