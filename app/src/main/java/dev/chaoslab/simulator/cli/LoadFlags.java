package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.load.LoadOptions;
import picocli.CommandLine.Option;

/**
 * The load executor's flags of every command that starts the engine ({@code run}, {@code serve}, {@code demo}),
 * applied to the run manager's default {@link LoadOptions}; unset flags keep the defaults.
 */
public final class LoadFlags {

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            description = "Requests in flight per run at most (default " + LoadOptions.DEFAULT_IN_FLIGHT_CAP
                    + "); above " + "it, arrivals are counted as dropped.")
    Integer maxInFlight;

    @Option(
            names = "--lanes",
            paramLabel = "N",
            description = "Event loops a run sends from (default: the available processors; at most "
                    + LoadOptions.MAX_LANES + ").")
    Integer lanes;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "Connections a run keeps to its targets at most, shared out over its lanes (default "
                    + LoadOptions.DEFAULT_MAX_CONNECTIONS + "; at least one per lane).")
    Integer maxConnections;

    @Option(
            names = "--connect-timeout-ms",
            paramLabel = "MS",
            description = "How long a request may wait for a connection, its opening included, before it fails as a "
                    + "timeout (default " + LoadOptions.DEFAULT_CONNECT_TIMEOUT_MS + "; at most "
                    + LoadOptions.MAX_CONNECT_TIMEOUT_MS + ").")
    Integer connectTimeoutMs;

    /** @throws FlagException when a value is out of its range (the message names the flag and the limit) */
    void applyTo(LoadOptions load) {
        if (maxInFlight != null) {
            FlagException.apply("--max-in-flight", () -> load.setInFlightCap(maxInFlight));
        }
        if (lanes != null) {
            FlagException.apply("--lanes", () -> load.setLanes(lanes));
        }
        if (maxConnections != null) {
            FlagException.apply("--max-connections", () -> load.setMaxConnections(maxConnections));
        }
        if (connectTimeoutMs != null) {
            FlagException.apply("--connect-timeout-ms", () -> load.setConnectTimeoutMs(connectTimeoutMs));
        }
    }
}
