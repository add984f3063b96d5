package dev.chaoslab.simulator.scenario;

import java.util.List;
import java.util.Optional;

/**
 * A loaded and validated scenario file.
 *
 * @param source    where it came from: a path as given, or e.g. {@code <request body>}
 * @param scenarios the scenarios in file order, names unique
 */
public record ScenarioFile(String source, List<Scenario> scenarios) {

    public ScenarioFile {
        scenarios = List.copyOf(scenarios);
    }

    /** The scenario with this name. */
    public Optional<Scenario> find(String name) {
        return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The scenario names in file order. */
    public List<String> names() {
        return scenarios.stream().map(Scenario::name).toList();
    }
}
