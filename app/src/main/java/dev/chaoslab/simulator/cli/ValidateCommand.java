package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioProblem;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code validate [file]}: every problem as {@code file:line:column: field: message}; exit 2 when invalid. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Validates a scenario file and prints every problem with its position. Exit 0 when valid, 2 when not.")
public final class ValidateCommand extends ChaoslabCommand {

    @Parameters(
            arity = "0..1",
            paramLabel = "FILE",
            defaultValue = "scenarios.yaml",
            description = "The scenario file (default ${DEFAULT-VALUE}).")
    Path file;

    @Override
    int execute() {
        PrintWriter out = out();
        try {
            ScenarioFile loaded = new ScenarioLoader(common.validationOptions()).load(file);
            out.println(file + ": " + loaded.scenarios().size() + " scenario"
                    + (loaded.scenarios().size() == 1 ? "" : "s") + " valid: " + String.join(", ", loaded.names()));
            return ExitCodes.OK;
        } catch (ScenarioValidationException e) {
            printProblems(out, e, "");
            return ExitCodes.INVALID_INPUT;
        }
    }

    /** One line per problem, then the count; {@code suffix} ends the count line (e.g. "; nothing was run"). */
    static void printProblems(PrintWriter out, ScenarioValidationException e, String suffix) {
        for (ScenarioProblem problem : e.problems()) {
            out.println(problem);
        }
        out.println(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + " in " + e.source()
                + suffix + ".");
        out.flush();
    }
}
