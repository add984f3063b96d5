package dev.chaoslab.simulator.report;

import dev.chaoslab.simulator.result.HistogramLog;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.ResultFormatException;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunSummary;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps run reports on disk: {@code <dataDir>/runs/<runId>/report.json} and a self-contained
 * {@code report.html} beside it (and, for a shard of a sharded run, its latency histograms in {@code histograms.hlog}). Files are written on a worker thread, each to a temporary file first and
 * then moved into place, so a reader (or a crash) never sees half a report. {@link #open} lists what an
 * earlier process left on disk, so reports survive restarts.
 *
 * <p>Thread-safety: all methods may be called from any thread; the index of summaries is a concurrent map.
 */
public final class ReportStore implements ReportSink {

    public static final String DEFAULT_DATA_DIR = "./chaoslab-data";
    public static final String REPORT_JSON = "report.json";
    public static final String REPORT_HTML = "report.html";
    /** The series behind the checked alert rules, for {@code tune} (compact JSON). */
    public static final String RECORDING_JSON = "recording.json";

    /** Run ids become directory names: no separators, no "..", nothing a shell or URL would need to quote. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Logger log = LoggerFactory.getLogger(ReportStore.class);

    private final Vertx vertx;
    private final Path runsDir;
    private final Map<String, RunSummary> summaries = new ConcurrentHashMap<>();

    private ReportStore(Vertx vertx, Path dataDir) {
        this.vertx = vertx;
        this.runsDir = dataDir.toAbsolutePath().normalize().resolve("runs");
    }

    /** Opens (creating if needed) the store under {@code dataDir} and indexes the reports already there. */
    public static Future<ReportStore> open(Vertx vertx, Path dataDir) {
        ReportStore store = new ReportStore(vertx, dataDir);
        return vertx.executeBlocking(() -> {
            store.scan();
            return store;
        });
    }

    /** Whether {@code runId} is a well-formed run id (and so safe to use as a directory name). */
    public static boolean isValidRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches() && !runId.contains("..");
    }

    /** The directory that holds one directory per run. */
    public Path runsDir() {
        return runsDir;
    }

    /** The directory that holds one run's files. */
    public Path runDir(String runId) {
        requireValidRunId(runId);
        return runsDir.resolve(runId);
    }

    public Path reportJsonPath(String runId) {
        return runDir(runId).resolve(REPORT_JSON);
    }

    public Path recordingPath(String runId) {
        return runDir(runId).resolve(RECORDING_JSON);
    }

    public Path reportHtmlPath(String runId) {
        return runDir(runId).resolve(REPORT_HTML);
    }

    /**
     * Writes the report's JSON and HTML (replacing an earlier, partial one of the same run) and indexes it.
     * Fails when the report has no valid {@code runId} or the disk refuses the write.
     */
    @Override
    public Future<Void> save(RunReport report) {
        String runId = report.runId();
        if (!isValidRunId(runId)) {
            return Future.failedFuture(new IllegalArgumentException("report has no valid runId: " + runId));
        }
        return vertx.<Void>executeBlocking(() -> {
                    Path dir = runDir(runId);
                    Files.createDirectories(dir);
                    if (report.histograms() != null) {
                        // before the report: whoever waits for report.json (a merge) finds the histograms with it
                        writeAtomically(dir.resolve(HistogramLog.FILE), HistogramLog.write(report.histograms()));
                    }
                    writeAtomically(
                            dir.resolve(REPORT_JSON), ResultJson.encode(report).encodePrettily());
                    writeAtomically(dir.resolve(REPORT_HTML), HtmlReport.render(report));
                    if (report.recording() != null) {
                        writeAtomically(
                                dir.resolve(RECORDING_JSON),
                                ResultJson.encode(report.recording()).encode());
                    }
                    summaries.put(runId, RunSummary.of(report));
                    return null;
                })
                .onFailure(e -> log.error("could not write the report of run {} under {}", runId, runsDir, e));
    }

    /** Summaries of every stored report, newest first. */
    public List<RunSummary> list() {
        List<RunSummary> all = new ArrayList<>(summaries.values());
        all.sort(Comparator.comparing((RunSummary s) -> s.startedAt() == null ? Instant.MIN : s.startedAt())
                .reversed()
                .thenComparing(RunSummary::runId));
        return all;
    }

    public boolean contains(String runId) {
        return isValidRunId(runId) && summaries.containsKey(runId);
    }

    /**
     * The stored report of a run, read from disk; empty when there is none. Fails with a
     * {@link ResultFormatException} naming the file and field when it cannot be read.
     */
    public Future<Optional<RunReport>> report(String runId) {
        if (!contains(runId)) {
            return Future.succeededFuture(Optional.empty());
        }
        Path file = reportJsonPath(runId);
        return vertx.executeBlocking(() -> readIfExists(file).map(text -> read(file, text)));
    }

    /** The stored HTML page of a run, read from disk; empty when there is none. */
    public Future<Optional<String>> html(String runId) {
        if (!contains(runId)) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> readIfExists(reportHtmlPath(runId)));
    }

    /** Reads a report file; a file that is not a report fails with its path and the field at fault. */
    static RunReport read(Path file, String text) {
        try {
            return ResultJson.decodeReport(new JsonObject(text));
        } catch (DecodeException e) {
            throw new ResultFormatException(file.toString(), "not JSON: " + e.getMessage());
        } catch (ResultFormatException e) {
            throw new ResultFormatException(file.toString(), e.getMessage());
        }
    }

    private void scan() throws IOException {
        Files.createDirectories(runsDir);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runsDir)) {
            for (Path dir : dirs) {
                String runId = dir.getFileName().toString();
                Path json = dir.resolve(REPORT_JSON);
                if (!isValidRunId(runId) || !Files.isRegularFile(json)) {
                    continue;
                }
                try {
                    RunReport report = read(json, Files.readString(json, StandardCharsets.UTF_8));
                    if (!runId.equals(report.runId())) {
                        log.warn("skipping {}: its runId {} does not match its directory", json, report.runId());
                        continue;
                    }
                    summaries.put(runId, RunSummary.of(report));
                } catch (RuntimeException | IOException e) {
                    // One damaged report must not hide the others; say which file so it can be removed or repaired.
                    log.warn("skipping unreadable report {}: {}", json, e.getMessage());
                }
            }
        }
        log.info("report store at {} holds {} report(s)", runsDir, summaries.size());
    }

    private static Optional<String> readIfExists(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void requireValidRunId(String runId) {
        if (!isValidRunId(runId)) {
            throw new IllegalArgumentException("invalid run id: " + runId);
        }
    }
}
