package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.merge.MergeException;
import dev.chaoslab.simulator.merge.MergedReportFiles;
import dev.chaoslab.simulator.result.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code merge SHARD_DIR...}: the shards of a sharded run in, one report out; exit 2 when they cannot be merged. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Merges the reports of every shard of a sharded run (run --shard K/N) into one report.json and "
                + "report.html: counters summed, latency histograms merged exactly, thresholds judged on the merge, "
                + "the leader's faults and alert verdicts, a row per shard. Exit 0 when every threshold and alert "
                + "expectation held, 1 when one failed, 2 when the shards cannot be merged (another plan, a shard "
                + "missing or given twice, a damaged file), 3 when the output cannot be written.")
public final class MergeCommand extends ChaoslabCommand {

    @Parameters(
            arity = "1..*",
            paramLabel = "SHARD_DIR",
            description = "Each shard's run folder (holding report.json and histograms.hlog), or a data directory "
                    + "holding exactly one run.")
    List<Path> shards = new ArrayList<>();

    @Option(
            names = {"-o", "--out"},
            paramLabel = "DIR",
            defaultValue = "merged",
            description = "Where to write the merged report.json and report.html (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    int execute() {
        PrintWriter stdout = out();
        RunReport merged;
        try {
            merged = MergedReportFiles.merge(shards, out);
        } catch (MergeException e) {
            err().println("merge: " + e.getMessage());
            err().flush();
            return ExitCodes.INVALID_INPUT;
        } catch (IOException e) {
            err().println("merge: cannot write " + out + ": " + e.getMessage());
            err().flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        stdout.println("Merged " + merged.shard().count() + " shard(s) of '"
                + merged.status().scenario().name()
                + "' into " + out.resolve(MergedReportFiles.REPORT_JSON) + " and "
                + out.resolve(MergedReportFiles.REPORT_HTML));
        stdout.print(Summary.render(merged));
        stdout.flush();
        return Summary.exitCode(merged);
    }
}
