package dev.chaoslab.simulator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docs/cli.md} is what {@link CliReference} renders from the picocli commands. With
 * {@code -Dchaoslab.docs.update=true} the test rewrites the file instead of comparing.
 */
class CliReferenceTest {

    private static final String UPDATE_PROPERTY = "chaoslab.docs.update";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("docs/cli.md is the usage of every command as picocli renders it")
    void cliPageMatchesTheCommands() throws Exception {
        Path page = RepositoryFiles.root().resolve("docs").resolve("cli.md");
        String generated = renderInCleanEnvironment();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(page, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.isRegularFile(page))
                .as("docs/cli.md is missing; generate it with: %s", CliReference.REGENERATE)
                .isTrue();
        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .as("docs/cli.md differs from the picocli commands; regenerate it with: %s", CliReference.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    @DisplayName("the page has a section for the top command and for each of run, validate, serve, demo and help")
    void everyCommandHasASection() {
        String page = CliReference.render(Main.commandLine());
        assertThat(page)
                .contains(
                        "## `chaoslab`",
                        "## `chaoslab run`",
                        "## `chaoslab validate`",
                        "## `chaoslab serve`",
                        "## `chaoslab demo`",
                        "## `chaoslab help`");
        assertThat(page.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    /**
     * Runs {@link CliReference#main} in a child JVM with an empty environment, so defaults that picocli reads from
     * {@code CHAOSLAB_*} variables are the built-in ones whatever the machine sets.
     */
    private static String renderInCleanEnvironment() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                List.of(java.toString(), "-cp", System.getProperty("java.class.path"), CliReference.class.getName()));
        builder.environment().clear();
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("the generator ends")
                .isTrue();
        assertThat(process.exitValue()).as("the generator's exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
