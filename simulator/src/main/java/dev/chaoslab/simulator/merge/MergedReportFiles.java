package dev.chaoslab.simulator.merge;

import dev.chaoslab.simulator.report.HtmlReport;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Merges shard folders and writes the merged {@code report.json} and {@code report.html} into one directory. */
public final class MergedReportFiles {
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";

    private MergedReportFiles() {}

    /**
     * Reads every shard in {@code shardDirs}, merges them and writes the report into {@code out} (created if needed;
     * each file written to a temporary file first, then moved into place).
     *
     * @return the merged report
     * @throws MergeException when the shards cannot be merged (naming the shard or file at fault)
     * @throws IOException    when {@code out} cannot be written
     */
    public static RunReport merge(List<Path> shardDirs, Path out) throws IOException {
        List<ShardInput> inputs = shardDirs.stream().map(ShardInput::load).toList();
        RunReport merged = ReportMerger.merge(inputs);
        Files.createDirectories(out);
        write(out.resolve(REPORT_JSON), ResultJson.encode(merged).encodePrettily());
        write(out.resolve(REPORT_HTML), HtmlReport.render(merged));
        return merged;
    }

    private static void write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
