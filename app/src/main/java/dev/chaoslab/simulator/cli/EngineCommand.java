package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.run.RunManagerOptions;
import picocli.CommandLine.Mixin;

/**
 * A command that starts the traffic engine ({@code run}, {@code serve}, {@code demo}): it checks alert
 * expectations ({@link AlertOptions}) and configures the run manager from its flags ({@link CommonOptions},
 * {@link LoadFlags}).
 */
abstract class EngineCommand extends ChaoslabCommand {

    @Mixin
    AlertOptions alerts;

    @Mixin
    LoadFlags load;

    /**
     * The run manager's options from the flags: the common ones (the rate ceiling that scenario validation
     * shares, see {@link CommonOptions#validationOptions(RunManagerOptions)}), the load flags and the command's own.
     *
     * @throws FlagException when a flag's value is refused
     */
    RunManagerOptions runManagerOptions() {
        RunManagerOptions options = common.runManagerOptions();
        load.applyTo(options.load());
        return options;
    }
}
