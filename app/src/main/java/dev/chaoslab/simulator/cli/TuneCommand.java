package dev.chaoslab.simulator.cli;

import dev.chaoslab.chaos.Durations;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.tune.TuneSession;
import dev.chaoslab.simulator.tune.TuneText;
import dev.chaoslab.simulator.tune.UntunableRuleException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tune ALERT RUN...}: replays recorded runs with variants of the alert's rule; exit 2 on bad input. */
@Command(
        name = "tune",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Replays an alert rule offline over recorded runs with variants of its threshold and for:, scores "
                        + "each against the faults the runs injected, and prints the Pareto front, the recommended variant with why, "
                        + "and the rule as a YAML diff. Exit 0 on success, 2 on bad input.")
public final class TuneCommand extends ChaoslabCommand {

    @Parameters(index = "0", paramLabel = "ALERT", description = "The alert to tune, e.g. ChaoslabHighErrorRatio.")
    String alert;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "RUN",
            description = "Run ids under the data directory, run folders, or recording.json files.")
    List<String> runs = new ArrayList<>();

    @Option(
            names = {"-l", "--label"},
            paramLabel = "NAME=VALUE",
            description = "Only alert instances with this label value count (e.g. service=payments); repeatable.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            defaultValue = "3m",
            description = "How long after a fault ends firing still counts as caused by it (default ${DEFAULT-VALUE}).")
    String grace;

    @Option(
            names = "--emit-tests",
            paramLabel = "DIR",
            description = "Write promtool test files (rule file + test file) for each recommended rule into DIR.")
    Path emitTests;

    @Override
    int execute() {
        PrintWriter out = out();
        long graceMs;
        try {
            graceMs = Durations.parse(grace).toMillis();
        } catch (IllegalArgumentException e) {
            throw FlagException.of("--grace", e.getMessage());
        }
        List<Path> paths = new ArrayList<>();
        for (String run : runs) {
            Path asPath = Path.of(run);
            if (!Files.exists(asPath) && ReportStore.isValidRunId(run)) {
                asPath = common.dataDir.resolve("runs").resolve(run);
            }
            paths.add(asPath);
        }
        try {
            TuneSession.Outcome outcome =
                    TuneSession.run(new TuneSession.Request(paths, alert, labels, graceMs, emitTests));
            out.print(TuneText.render(outcome.results()));
            for (Path p : outcome.written()) {
                out.println("wrote " + p);
            }
            if (!outcome.written().isEmpty()) {
                out.println("check them with: promtool test rules " + emitTests.resolve("*.test.yml"));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (UntunableRuleException e) {
            err().println("tune: " + e.getMessage());
            err().flush();
            return ExitCodes.INVALID_INPUT;
        }
    }
}
