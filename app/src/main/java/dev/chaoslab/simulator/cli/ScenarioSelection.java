package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;
import dev.chaoslab.simulator.scenario.ScenarioValidator;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates the scenario a command runs, applying {@code --target} overrides. Problems are printed
 * (one {@code file:line:column: field: message} per line) and turn into exit code 2: nothing runs from a
 * file with a mistake in it.
 */
record ScenarioSelection(Scenario scenario, int exitCode) {

    static ScenarioSelection load(
            PrintWriter err, ValidationOptions limits, Path file, String name, Map<String, String> targetOverrides) {
        ScenarioFile loaded;
        try {
            loaded = new ScenarioLoader(limits).load(file);
        } catch (ScenarioValidationException e) {
            ValidateCommand.printProblems(err, e, "; nothing was run");
            return invalid();
        }
        Scenario scenario = loaded.find(name).orElse(null);
        if (scenario == null) {
            err.println("There is no scenario '" + name + "' in " + file + "; it has: "
                    + String.join(", ", loaded.names()));
            return invalid();
        }
        return withTargets(err, limits, scenario, targetOverrides);
    }

    static ScenarioSelection withTargets(
            PrintWriter err, ValidationOptions limits, Scenario scenario, Map<String, String> targetOverrides) {
        Map<String, URI> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : targetOverrides.entrySet()) {
            if (!scenario.targets().containsKey(e.getKey())) {
                err.println("--target " + e.getKey() + ": the scenario '" + scenario.name()
                        + "' has no such target; it has: "
                        + String.join(", ", scenario.targets().keySet()));
                return invalid();
            }
            try {
                URI uri = URI.create(e.getValue());
                if (uri.getHost() == null || uri.getScheme() == null) {
                    throw new IllegalArgumentException("not an absolute URL");
                }
                overrides.put(e.getKey(), uri);
            } catch (IllegalArgumentException ex) {
                err.println("--target " + e.getKey() + "=" + e.getValue() + ": expected a base URL such as "
                        + "http://127.0.0.1:8080");
                return invalid();
            }
        }
        Scenario changed = overrides.isEmpty() ? scenario : scenario.withTargets(overrides);
        List<String> problems = ScenarioValidator.checkTargets(changed.targets(), limits);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("--target: " + p));
            return invalid();
        }
        return new ScenarioSelection(changed, ExitCodes.OK);
    }

    private static ScenarioSelection invalid() {
        return new ScenarioSelection(null, ExitCodes.INVALID_INPUT);
    }
}
