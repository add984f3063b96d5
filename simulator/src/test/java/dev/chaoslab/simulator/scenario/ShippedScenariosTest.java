package dev.chaoslab.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShippedScenariosTest {

    static Path shippedFile() {
        Path p = Path.of("scenarios.yaml").toAbsolutePath();
        return p.toFile().exists()
                ? p
                : Path.of("..", "scenarios.yaml").toAbsolutePath().normalize();
    }

    @Test
    @DisplayName("the shipped scenarios.yaml loads with no problems and has the baseline, incident and demo scenarios")
    void shippedFileLoads() throws Exception {
        ScenarioFile file = new ScenarioLoader().load(shippedFile());
        assertThat(file.names())
                .contains(
                        "baseline",
                        "payments-error-burst",
                        "inventory-latency",
                        "payments-hang",
                        "traffic-spike",
                        "demo");
        Scenario demo = file.find("demo").orElseThrow();
        assertThat(demo.totalDuration().toSeconds()).isBetween(120L, 180L);
        assertThat(demo.chaos()).hasSize(1);
        Scenario burn = file.find("availability-fast-burn").orElseThrow();
        assertThat((double) burn.chaos().get(0).fault().get("probability"))
                .isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
        for (Scenario s : file.scenarios()) {
            assertThat(s.expectations()).as(s.name()).isNotEmpty();
            assertThat(s.thresholds()).as(s.name()).isNotEmpty();
        }
    }

    /** The first yaml code block after a heading of a Markdown file at the repository root. */
    static String yamlBlockAfter(String file, String heading) throws Exception {
        String text = java.nio.file.Files.readString(shippedFile().resolveSibling(file));
        int h = text.indexOf(heading);
        assertThat(h).as("heading %s in %s", heading, file).isNotNegative();
        int b = text.indexOf("```yaml\n", h) + "```yaml\n".length();
        return text.substring(b, text.indexOf("```", b));
    }

    @Test
    @DisplayName("the scenario example in docs/scenarios.md loads without problems")
    void documentedExamplesLoad() throws Exception {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario s = loader.loadString("scenarios.md", yamlBlockAfter("docs/scenarios.md", "## The file"))
                .scenarios()
                .get(0);
        assertThat(s.name()).isEqualTo("payments-error-burst");
        assertThat(s.requests().get(1).isJourney()).isTrue();
        assertThat(s.expectations()).hasSize(3);
    }
}
