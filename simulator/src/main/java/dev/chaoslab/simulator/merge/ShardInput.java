package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.result.HistogramLog;
import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.ShardHistograms;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One shard's report and histograms, read from its run folder ({@code report.json} and {@code histograms.hlog}) or
 * from a data directory that holds exactly one run.
 *
 * @param dir the run folder they were read from
 */
public record ShardInput(Path dir, RunReport report, ShardHistograms histograms) {
    private static final String REPORT = "report.json";

    /** The shard's index. */
    public int index() {
        return report.shard().index();
    }

    /**
     * Reads the shard in {@code dir}.
     *
     * @throws MergeException when there is no shard report there, or a file cannot be read (the message says
     *     where)
     */
    public static ShardInput load(Path dir) {
        Path run = runFolder(dir);
        Path json = run.resolve(REPORT);
        RunReport report;
        try {
            report = ResultJson.decodeReport(new JsonObject(Files.readString(json, StandardCharsets.UTF_8)));
        } catch (DecodeException e) {
            throw new MergeException(json + ": not JSON: " + e.getMessage());
        } catch (ResultFormatException e) {
            throw new MergeException(json + ": " + e.getMessage());
        } catch (IOException e) {
            throw new MergeException(json + ": cannot be read: " + e.getMessage());
        }
        if (report.shard() == null) {
            throw new MergeException(
                    json + ": not a shard's report (no shard block: the run was not started with " + "--shard)");
        }
        if (report.shard().merged()) {
            throw new MergeException(json + ": already a merged report, not one shard's");
        }
        Path log = run.resolve(HistogramLog.FILE);
        if (!Files.isRegularFile(log)) {
            throw new MergeException(log + ": missing: shard " + report.shard().index()
                    + "'s latency histograms are needed for an exact merge");
        }
        try {
            ShardHistograms histograms =
                    HistogramLog.read(log.toString(), Files.readString(log, StandardCharsets.UTF_8));
            complete(log, histograms, report.status().totals().completed());
            return new ShardInput(run, report, histograms);
        } catch (ResultFormatException e) {
            throw new MergeException(e.getMessage());
        } catch (IOException e) {
            throw new MergeException(log + ": cannot be read: " + e.getMessage());
        }
    }

    /**
     * The log holds every latency the report counts: its run-wide corrected and service histograms each hold the
     * report's completed arrivals. A log cut short (at a line's end, so every line still decodes) would otherwise
     * merge into percentiles of fewer values, silently.
     */
    private static void complete(Path log, ShardHistograms histograms, long completed) {
        for (ShardHistograms.Measure measure :
                List.of(ShardHistograms.Measure.CORRECTED, ShardHistograms.Measure.SERVICE)) {
            long count = histograms.entries().stream()
                    .filter(e -> e.scope() == ShardHistograms.Scope.RUN && e.measure() == measure)
                    .mapToLong(e -> e.histogram().getTotalCount())
                    .sum();
            if (count != completed) {
                throw new MergeException(log + ": holds " + count + " run-wide "
                        + measure.name().toLowerCase(Locale.ROOT) + " latencies but its report counts " + completed
                        + " completed arrivals: the log is incomplete or not this run's");
            }
        }
    }

    /** {@code dir} itself when it holds a report, else its one run under {@code runs/}. */
    private static Path runFolder(Path dir) {
        if (Files.isRegularFile(dir.resolve(REPORT))) {
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            throw new MergeException(dir + ": no such directory");
        }
        List<Path> found = new ArrayList<>();
        Path runs = dir.resolve("runs");
        if (Files.isDirectory(runs)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(runs)) {
                for (Path child : children) {
                    if (Files.isRegularFile(child.resolve(REPORT))) {
                        found.add(child);
                    }
                }
            } catch (IOException e) {
                throw new MergeException(runs + ": cannot be listed: " + e.getMessage());
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new MergeException(dir
                + (found.isEmpty()
                        ? ": no shard report (neither report.json nor runs/<run>/report.json)"
                        : ": " + found.size() + " runs under runs/; name the shard's run folder itself"));
    }
}
