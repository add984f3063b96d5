package dev.chaoslab.simulator.cli;

import dev.chaoslab.chaos.Durations;
import dev.chaoslab.simulator.report.MarginChartPage;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.tune.PromDuration;
import dev.chaoslab.simulator.tune.TuneSession;
import dev.chaoslab.simulator.tune.TuneText;
import dev.chaoslab.simulator.tune.UntunableRuleException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
                "Replays an alert rule offline over recorded runs with variants of its threshold, for: and rate() window, scores "
                        + "each against the faults the runs injected, and prints the Pareto front, the recommended variant with why, "
                        + "and the rule as a YAML diff; with --out or --emit-tests, a margin chart per recommended variant and run. Exit 0 on success, 2 on bad input.")
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
            names = "--windows",
            paramLabel = "DURATION",
            split = ",",
            description = "Windows to try where the rule's rate() window can vary (default 30s,1m,2m,5m; each at "
                    + "least twice the step the counters were recorded at).")
    List<String> windows = new ArrayList<>();

    @Option(
            names = "--emit-tests",
            paramLabel = "DIR",
            description = "Write promtool test files (rule file + test file) for each recommended rule into DIR.")
    Path emitTests;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write a margin chart (HTML) of each recommended variant on each run into DIR; without it "
                    + "the charts go beside the --emit-tests files, and without either nowhere.")
    Path outDir;

    @Override
    int execute() {
        PrintWriter out = out();
        long graceMs;
        try {
            graceMs = Durations.parse(grace).toMillis();
        } catch (IllegalArgumentException e) {
            throw FlagException.of("--grace", e.getMessage());
        }
        List<Long> windowsMs = new ArrayList<>();
        for (String w : windows) {
            try {
                windowsMs.add(PromDuration.parse(w));
            } catch (IllegalArgumentException e) {
                throw FlagException.of("--windows", e.getMessage());
            }
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
                    TuneSession.run(new TuneSession.Request(paths, alert, labels, graceMs, emitTests, windowsMs));
            out.print(TuneText.render(outcome.results()));
            List<Path> written = new ArrayList<>(outcome.written());
            Path chartDir = outDir != null ? outDir : emitTests;
            if (chartDir != null) {
                written.addAll(writeCharts(chartDir, outcome.charts()));
            }
            for (Path p : written) {
                out.println("wrote " + p);
            }
            if (!outcome.written().isEmpty()) {
                out.println("check them with: promtool test rules " + emitTests.resolve("*.test.yml"));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (UntunableRuleException | UncheckedIOException e) {
            err().println("tune: " + e.getMessage());
            err().flush();
            return ExitCodes.INVALID_INPUT;
        }
    }

    private static List<Path> writeCharts(Path dir, List<TuneSession.Chart> charts) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (TuneSession.Chart chart : charts) {
                Path file = dir.resolve(chart.fileName());
                Files.writeString(file, MarginChartPage.html(chart.trace()), StandardCharsets.UTF_8);
                written.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the margin charts to " + dir + ": " + e.getMessage(), e);
        }
        return written;
    }
}
