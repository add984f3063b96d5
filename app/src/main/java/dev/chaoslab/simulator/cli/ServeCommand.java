package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.api.ApiOptions;
import dev.chaoslab.simulator.api.ApiRouter;
import dev.chaoslab.simulator.api.ApiVerticle;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the REST API (and the simulator's /metrics) until the process is stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Serves the REST API and the live page at /: start, watch, steer and stop runs, read reports, "
                + "list and validate scenarios. GET /openapi.yaml describes it.")
public final class ServeCommand extends EngineCommand {

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "${env:CHAOSLAB_API_HOST:-" + ApiOptions.DEFAULT_HOST + "}",
            description =
                    "Address to listen on (default ${DEFAULT-VALUE}; env CHAOSLAB_API_HOST). Any non-loopback address "
                            + "needs CHAOSLAB_API_TOKEN.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:CHAOSLAB_API_PORT:-" + ApiOptions.DEFAULT_PORT + "}",
            description = "Port to listen on (default ${DEFAULT-VALUE}; env CHAOSLAB_API_PORT; 0 = a free port).")
    int port;

    @Option(
            names = "--scenario-dir",
            paramLabel = "DIR",
            defaultValue = ".",
            description =
                    "Directory that 'file' in requests is relative to; requests cannot read outside it (default: the "
                            + "working directory).")
    Path scenarioDir;

    @Option(
            names = "--max-runs",
            paramLabel = "N",
            defaultValue = "${env:CHAOSLAB_MAX_RUNS:-" + RunManagerOptions.DEFAULT_MAX_CONCURRENT_RUNS + "}",
            description = "Concurrent runs at most (default ${DEFAULT-VALUE}; env CHAOSLAB_MAX_RUNS); more answer 429.")
    int maxRuns;

    @Mixin
    AlertmanagerOptions delivery;

    @Override
    int execute() throws Exception {
        ApiOptions options;
        try {
            options = new ApiOptions()
                    .setHost(host)
                    .setPort(port)
                    .setScenarioDir(scenarioDir)
                    .setToken(System.getenv(ApiOptions.TOKEN_ENV));
            options.checkSafe();
        } catch (IllegalArgumentException | IllegalStateException e) {
            err().println(e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        RunManagerOptions runOptions = runManagerOptions();
        try (SimulatorRuntime runtime = SimulatorRuntime.open(common.dataDir);
                AlertSetup alertSetup = alerts.setUpForServer(runtime.vertx(), out(), delivery)) {
            runtime.startRuns(runOptions, alertSetup.check());
            ScenarioLoader loader = new ScenarioLoader(common.validationOptions(runOptions));
            options.setMeterRegistry(runtime.telemetry().registry());
            ApiVerticle api = new ApiVerticle(
                    options,
                    vertx -> ApiRouter.create(
                            vertx,
                            options,
                            runtime.runs(),
                            runtime.store(),
                            loader,
                            runtime.telemetry().metricsHandler()));
            runtime.vertx().deployVerticle(api).await(30, TimeUnit.SECONDS);
            out().println("chaoslab API and live page on http://" + hostForUrl(host) + ":" + api.actualPort()
                    + "/ (GET /openapi.yaml describes the API); reports in "
                    + runtime.store().runsDir()
                    + ". Ctrl-C stops it.");
            out().flush();
            CountDownLatch forever = new CountDownLatch(1);
            // On exit, live runs are stopped so their faults are cleared and their partial reports written.
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::closeRuns, "chaoslab-stop-runs"));
            forever.await();
            return ExitCodes.OK;
        }
    }

    /** The run manager's options: the common ones (rate ceiling) and the concurrent-run limit. */
    @Override
    RunManagerOptions runManagerOptions() {
        RunManagerOptions runOptions = super.runManagerOptions();
        FlagException.apply("--max-runs", () -> runOptions.setMaxConcurrentRuns(maxRuns));
        return runOptions;
    }

    static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
