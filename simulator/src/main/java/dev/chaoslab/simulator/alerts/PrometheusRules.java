package dev.chaoslab.simulator.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the alert rules a {@link LocalPrometheus} loads: the project's rule directory, the rule files in it, or the
 * rules packed in the jar, copied out for a run outside the repository. Reads the environment and the file system;
 * stateless.
 */
final class PrometheusRules {
    // logs as the LocalPrometheus whose rules these are
    private static final Logger LOG = LoggerFactory.getLogger(LocalPrometheus.class);

    private PrometheusRules() {}

    /**
     * The project's rule directory: {@value LocalPrometheus#RULES_ENV} if set, else {@value LocalPrometheus#RULES_RELATIVE} in the working
     * directory or one of its parents, else next to (or above) the jar this class was loaded from.
     */
    static Optional<Path> locate() {
        String env = System.getenv(LocalPrometheus.RULES_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(Paths.get(env).toAbsolutePath());
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        try {
            var source = LocalPrometheus.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                starts.add(Paths.get(source.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException ignored) {
            // running from somewhere without a file location: only the working directory is searched
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(LocalPrometheus.RULES_RELATIVE);
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The rule files of a directory: {@code *.yml}/{@code *.yaml} with a {@code groups:} key (promtool test files have none). */
    static List<Path> files(Path dir) {
        if (dir == null) {
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "Prometheus rules directory " + dir + " does not exist; set " + LocalPrometheus.RULES_ENV
                            + " or run from the repository root (it holds " + LocalPrometheus.RULES_RELATIVE + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return name.endsWith(".yml") || name.endsWith(".yaml");
                    })
                    .filter(PrometheusRules::hasGroups)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list Prometheus rules directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasGroups(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().anyMatch(l -> l.startsWith("groups:"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Copies the rule files packed in the jar (or in the classes directory) into {@code dir}: the rules a local
     * Prometheus uses when the repository's {@value LocalPrometheus#RULES_RELATIVE} is not around. Empty when none are packed.
     */
    static Path extractPacked(Path dir) throws IOException {
        Files.createDirectories(dir);
        URL url = LocalPrometheus.class.getClassLoader().getResource(LocalPrometheus.PACKED_RULES);
        if (url == null) {
            LOG.warn(
                    "no alert rules found: {} is not below the working directory and none are packed in the jar; set {}",
                    LocalPrometheus.RULES_RELATIVE,
                    LocalPrometheus.RULES_ENV);
            return dir;
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyRules(jar.getPath(LocalPrometheus.PACKED_RULES), dir);
                }
            } else {
                copyRules(Paths.get(uri), dir);
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot read the packed alert rules at " + url + ": " + e.getMessage(), e);
        }
        LOG.info(
                "using the alert rules packed in the jar ({} not found; set {} to use others)",
                LocalPrometheus.RULES_RELATIVE,
                LocalPrometheus.RULES_ENV);
        return dir;
    }

    private static void copyRules(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
