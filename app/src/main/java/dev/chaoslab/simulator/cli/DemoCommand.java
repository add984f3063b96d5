package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.api.ApiOptions;
import dev.chaoslab.simulator.api.ApiRouter;
import dev.chaoslab.simulator.api.ApiVerticle;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts the four target services in this process, runs the {@code demo} scenario against them
 * (with a local Prometheus for the alert verdicts when one is installed), serves the live page to watch it, and
 * says where the report is.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Starts the target services in-process and runs the 'demo' scenario against them, with no set-up. "
                        + "Uses a local Prometheus for alert verdicts when the 'prometheus' binary is installed. Prints the URL of "
                        + "the live page (on 127.0.0.1:8090, or a free port) where the run can be watched, steered and stopped.")
public final class DemoCommand extends EngineCommand {

    /** The scenario file packed into the jar, used when there is no file at {@code --file}. */
    static final String BUNDLED_SCENARIOS = "/chaoslab/scenarios.yaml";

    @Option(
            names = {"-s", "--scenario"},
            paramLabel = "NAME",
            defaultValue = "demo",
            description = "The scenario to run (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            defaultValue = "scenarios.yaml",
            description =
                    "The scenario file (default ${DEFAULT-VALUE}; the copy packed in the jar when it does not exist).")
    Path file;

    @Option(
            names = "--free-ports",
            description = "Start the targets on free ports even when the default ones (8080-8083) are available.")
    boolean freePorts;

    @Override
    int execute() {
        PrintWriter out = out();
        PrintWriter err = err();
        RunManagerOptions options = runManagerOptions();
        ValidationOptions limits = common.validationOptions(options);
        Scenario chosen;
        try {
            ScenarioFile loaded = load(new ScenarioLoader(limits));
            chosen = loaded.find(scenario).orElse(null);
            if (chosen == null) {
                err.println("There is no scenario '" + scenario + "' in " + loaded.source() + "; it has: "
                        + String.join(", ", loaded.names()));
                return ExitCodes.INVALID_INPUT;
            }
        } catch (ScenarioValidationException e) {
            ValidateCommand.printProblems(err, e, "; nothing was run");
            return ExitCodes.INVALID_INPUT;
        }

        RunningTargets targets;
        try {
            targets = startTargets(out);
        } catch (Exception e) {
            err.println("The target services did not start: " + e.getMessage());
            return ExitCodes.RUNTIME_FAILURE;
        }
        try {
            ScenarioSelection selection =
                    ScenarioSelection.withTargets(err, limits, chosen, targetUrls(targets, chosen));
            if (selection.exitCode() != ExitCodes.OK) {
                return selection.exitCode();
            }
            try (SimulatorRuntime runtime = SimulatorRuntime.open(common.dataDir)) {
                String metrics = runtime.serveMetrics();
                out.println("Simulator metrics on http://" + metrics + "/metrics");
                try (AlertSetup alertSetup = alerts.setUp(runtime.vertx(), selection.scenario(), metrics, out, true)) {
                    runtime.startRuns(options, alertSetup.check());
                    servePage(runtime, limits, out);
                    try {
                        return new RunWatcher(out, err).run(runtime, selection.scenario(), RunOptions.defaults());
                    } finally {
                        runtime.closeRuns();
                    }
                }
            }
        } finally {
            try {
                targets.close().await(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                err.println("The target services did not stop cleanly: " + e.getMessage());
            }
        }
    }

    /**
     * Serves the REST API and its live page on loopback (port 8090, or a free one when that is taken) and prints the
     * page's URL, where the demo run can be watched, steered and stopped.
     */
    private static void servePage(SimulatorRuntime runtime, ValidationOptions limits, PrintWriter out) {
        ApiVerticle api = null;
        for (int port : new int[] {ApiOptions.DEFAULT_PORT, 0}) {
            ApiOptions options = new ApiOptions()
                    .setPort(port)
                    .setToken(System.getenv(ApiOptions.TOKEN_ENV))
                    .setMeterRegistry(runtime.telemetry().registry());
            ApiVerticle candidate = new ApiVerticle(
                    options,
                    vertx -> ApiRouter.create(
                            vertx,
                            options,
                            runtime.runs(),
                            runtime.store(),
                            new ScenarioLoader(limits),
                            runtime.telemetry().metricsHandler()));
            try {
                runtime.vertx().deployVerticle(candidate).await(30, TimeUnit.SECONDS);
                api = candidate;
                break;
            } catch (Exception e) {
                out.println("Port " + port + " is busy for the live page (" + e.getMessage() + "); using a free port.");
            }
        }
        if (api != null) {
            out.println(
                    "Live page: http://127.0.0.1:" + api.actualPort() + "/ (watch, steer or stop the demo run there)");
            out.flush();
        }
    }

    private ScenarioFile load(ScenarioLoader loader) throws ScenarioValidationException {
        if (Files.isRegularFile(file)) {
            return loader.load(file);
        }
        try (InputStream in = DemoCommand.class.getResourceAsStream(BUNDLED_SCENARIOS)) {
            if (in == null) {
                return loader.load(file); // reports the missing file with its path
            }
            return loader.loadString("scenarios.yaml (bundled)", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return loader.load(file);
        }
    }

    /** The default ports when they are free, so the compose stack's Prometheus finds them; free ports otherwise. */
    private RunningTargets startTargets(PrintWriter out) {
        RunningTargets running = null;
        if (!freePorts) {
            try {
                running = Targets.start(new TargetsConfig()).await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                out.println("The default target ports are busy (" + e.getMessage() + "); using free ports.");
            }
        }
        if (running == null) {
            running = Targets.start(TargetsConfig.allOnFreePorts()).await();
        }
        out.println("Targets running in this process: " + running.baseUrls());
        out.flush();
        return running;
    }

    /** The in-process services' URLs for the targets the scenario names (a scenario may use only some). */
    private static Map<String, String> targetUrls(RunningTargets targets, Scenario scenario) {
        Map<String, String> urls = new LinkedHashMap<>(targets.baseUrls());
        urls.keySet().retainAll(scenario.targets().keySet());
        return urls;
    }
}
