package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;

/** Builds scenarios for engine tests from YAML, through the real loader. */
final class Scenarios {
    private Scenarios() {}

    /**
     * Run options with timeouts long enough that a loaded build machine (the JVM waiting seconds for a core) does
     * not turn slow answers into errors, for tests that assert every request succeeds.
     */
    static RunOptions patient() {
        return new RunOptions(
                null, new LoadOptions().setConnectTimeoutMs(30_000).setRequestTimeoutMs(30_000));
    }

    static Scenario parse(String yaml) {
        try {
            return new ScenarioLoader().loadScenario("test.yaml", yaml);
        } catch (ScenarioValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** One target, one GET request, one constant-rate phase. */
    static Scenario constant(String name, int port, String path, double rate, String duration) {
        return parse("""
      scenarios:
        - name: %s
          targets: {app: http://127.0.0.1:%d}
          phases:
            - {name: steady, duration: %s, shape: {type: constant, rate: %s}}
          requests:
            - {name: get, target: app, method: GET, path: %s}
      """.formatted(name, port, duration, rate, path));
    }
}
