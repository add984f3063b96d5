package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options shared by the commands that load scenarios and keep reports. */
public final class CommonOptions {

    @Option(
            names = {"--data-dir", "--report-dir"},
            paramLabel = "DIR",
            defaultValue = "${env:CHAOSLAB_DATA_DIR:-" + ReportStore.DEFAULT_DATA_DIR + "}",
            description = "Where reports are kept (runs/<id>/report.json and report.html). Env: CHAOSLAB_DATA_DIR. "
                    + "Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(
            names = "--allow-host",
            paramLabel = "HOST",
            description = "Also allow traffic to this host (repeatable; default only 127.0.0.1, localhost, ::1). "
                    + "Env: CHAOSLAB_ALLOWED_HOSTS (comma-separated).")
    List<String> allowHosts = new ArrayList<>();

    @Option(
            names = "--max-rate",
            paramLabel = "REQ_PER_S",
            description =
                    "The rate ceiling in requests/s: a scenario that asks for more is refused when it loads, and "
                            + "the rate dial (--rate-multiplier, the API's rate changes) stops there (default ${DEFAULT-VALUE}).",
            defaultValue = "" + (long) ValidationOptions.DEFAULT_MAX_RATE)
    double maxRate;

    /**
     * The run manager's options with the flags' ceiling. The loader's limits come from the same options
     * ({@link #validationOptions(RunManagerOptions)}), so a scenario that validates is one the engine runs.
     *
     * @throws FlagException when {@code --max-rate} is not a positive number
     */
    RunManagerOptions runManagerOptions() {
        RunManagerOptions engine = new RunManagerOptions();
        FlagException.apply("--max-rate", () -> engine.setMaxRate(maxRate));
        return engine;
    }

    /** The limits scenarios are validated against, for a command that runs nothing ({@code validate}). */
    ValidationOptions validationOptions() {
        return validationOptions(runManagerOptions());
    }

    /** The limits scenarios are validated against: the engine's rate ceiling and TTL margin, and the allow-list. */
    ValidationOptions validationOptions(RunManagerOptions engine) {
        Set<String> hosts = new LinkedHashSet<>(allowHosts);
        String env = System.getenv("CHAOSLAB_ALLOWED_HOSTS");
        if (env != null && !env.isBlank()) {
            Arrays.stream(env.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(hosts::add);
        }
        return ValidationOptions.defaults()
                .withMaxRate(engine.maxRate())
                .withFaultTtlMarginMs(engine.chaosTtlMarginMs())
                .withAllowedHosts(hosts);
    }
}
