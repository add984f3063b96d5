package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.ScheduledFault;
import dev.chaoslab.simulator.scenario.ChaosStep;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The steps of a run's chaos timeline, from its scenario's chaos list (each with its target's base URL). */
final class ChaosSteps {
    private ChaosSteps() {}

    /** One timeline step per chaos step of {@code scenario}, in order. */
    static List<ScheduledFault> of(Scenario scenario) {
        List<ScheduledFault> steps = new ArrayList<>();
        for (ChaosStep step : scenario.chaos()) {
            URI base = scenario.chaosApi(step.target()).orElseThrow();
            steps.add(new ScheduledFault(
                    step.index(),
                    step.target(),
                    base,
                    step.at().toMillis(),
                    step.duration().toMillis(),
                    new JsonObject(new LinkedHashMap<>(step.fault())).copy()));
        }
        return steps;
    }
}
