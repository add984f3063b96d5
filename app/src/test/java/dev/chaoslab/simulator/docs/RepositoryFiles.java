package dev.chaoslab.simulator.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root from the module directory that the tests run in. */
final class RepositoryFiles {

    private RepositoryFiles() {}

    /**
     * The repository root: the nearest directory, from the working directory up, that holds both {@code README.md}
     * and {@code docs/}.
     *
     * @throws IllegalStateException when no such directory exists above the working directory
     */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("README.md")) && Files.isDirectory(candidate.resolve("docs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no directory with README.md and docs/ above " + dir);
    }
}
