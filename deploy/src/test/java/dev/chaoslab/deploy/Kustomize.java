package dev.chaoslab.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization folder with {@code kubectl kustomize}: the real renderer, the one {@code kubectl apply -k}
 * uses. kubectl comes from scripts/install-deps.sh (Debian's kubernetes-client) or from the machine.
 */
final class Kustomize {

    static final String KUSTOMIZATION = "kustomization.yaml";
    private static final long TIMEOUT_S = 60;

    private Kustomize() {}

    /** The folders under {@code root} that hold a {@code kustomization.yaml}, sorted. */
    static List<Path> roots(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals(KUSTOMIZATION))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
    }

    /**
     * The multi-document YAML that {@code kubectl kustomize dir} prints.
     *
     * @throws IllegalStateException when kubectl is missing, fails or takes longer than a minute, with its output
     */
    static String render(Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "kustomize", dir.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "kubectl is not installed: run scripts/install-deps.sh (Debian package "
                            + "kubernetes-client) to render " + dir,
                    e);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl kustomize " + dir + " took more than " + TIMEOUT_S + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
