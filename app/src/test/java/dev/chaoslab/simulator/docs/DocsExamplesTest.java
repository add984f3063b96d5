package dev.chaoslab.simulator.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.chaoslab.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every complete scenario file shown in the docs (a {@code yaml} block that starts with {@code scenarios:}) loads. */
class DocsExamplesTest {

    @Test
    @DisplayName("every scenario file example in README.md and docs/ loads without problems")
    void scenarioExamplesLoad() throws IOException {
        Path root = RepositoryFiles.root();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        ScenarioLoader loader = new ScenarioLoader();
        int examples = 0;
        for (Path page : pages) {
            for (String yaml : scenarioBlocks(Files.readString(page, StandardCharsets.UTF_8))) {
                examples++;
                String source = root.relativize(page).toString();
                assertThatCode(() -> loader.loadString(source, yaml))
                        .as("the example in %s", source)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(examples).as("scenario examples found").isGreaterThanOrEqualTo(2);
    }

    /** The {@code yaml} fenced blocks of a Markdown text whose first line is {@code scenarios:}. */
    private static List<String> scenarioBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : markdown.split("\n", -1)) {
            if (block == null && line.equals("```yaml")) {
                block = new StringBuilder();
            } else if (block != null && line.startsWith("```")) {
                if (block.toString().startsWith("scenarios:")) {
                    blocks.add(block.toString());
                }
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }
}
