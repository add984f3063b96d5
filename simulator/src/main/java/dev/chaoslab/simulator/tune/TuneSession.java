package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.MarginTrace;
import dev.chaoslab.simulator.result.Recording;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code tune} request from start to end: read the recordings, tune the alert, and optionally write the
 * promtool tests of each recommended rule. Blocking (file reads and writes); run it off the event loop.
 */
public final class TuneSession {
    /** Windows one session may try at most: each multiplies the grid (thresholds × {@code for} values). */
    public static final int MAX_WINDOWS = 12;

    private TuneSession() {}

    /**
     * What was asked: recording paths (run folders or files), the alert, label matchers, grace, where to emit tests,
     * and the windows to try where a rule's window can vary (empty for {@link VariantGrid#WINDOW_MS}).
     */
    public record Request(
            List<Path> recordings,
            String alert,
            Map<String, String> matchers,
            long graceMs,
            Path emitTestsDir,
            List<Long> windowsMs) {
        public Request {
            recordings = List.copyOf(recordings);
            matchers = Map.copyOf(matchers);
            windowsMs = List.copyOf(windowsMs);
        }
    }

    /**
     * The results, the files written, and a margin chart of each recommended variant on each recording it was
     * replayed on (for the caller to draw: {@code report.MarginChartPage}).
     */
    public record Outcome(List<TuneResult> results, List<Path> written, List<Chart> charts) {}

    /** A margin chart to draw, and the file name it gets ({@code ALERT[-n].RUN.margin.html}). */
    public record Chart(String fileName, MarginTrace trace) {}

    /** @throws UntunableRuleException for every input problem, with a message that says what to do */
    public static Outcome run(Request request) {
        if (request.alert() == null || request.alert().isBlank()) {
            throw new UntunableRuleException("name the alert to tune (e.g. ChaoslabHighErrorRatio)");
        }
        if (request.recordings().isEmpty()) {
            throw new UntunableRuleException("no recordings given: name run folders (chaoslab-data/runs/<id>) or their "
                    + "recording.json files");
        }
        long windows = request.windowsMs().stream().distinct().count();
        if (windows > MAX_WINDOWS) {
            throw new UntunableRuleException(
                    windows + " windows asked for; try at most " + MAX_WINDOWS + " in one session (e.g. 30s,1m,2m,5m)",
                    true);
        }
        List<Recording> recordings = new ArrayList<>();
        for (Path p : request.recordings()) {
            recordings.add(RecordingFiles.read(p));
        }
        List<TuneResult> results =
                new Tuner(request.graceMs(), request.matchers(), request.windowsMs()).tune(recordings, request.alert());
        List<Path> written = new ArrayList<>();
        if (request.emitTestsDir() != null) {
            for (int i = 0; i < results.size(); i++) {
                written.addAll(emit(request.emitTestsDir(), results.get(i), recordings, i, results.size() > 1));
            }
        }
        List<Chart> charts = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            String suffix = results.size() > 1 ? "-" + (i + 1) : "";
            List<String> runs = results.get(i).recordings();
            List<MarginTrace> traces = VariantTraces.recommended(results.get(i), recordings, i, request.matchers());
            for (int k = 0; k < traces.size(); k++) {
                String file = safe(request.alert() + suffix + "." + runs.get(k)) + ".margin.html";
                charts.add(new Chart(file, traces.get(k)));
            }
        }
        return new Outcome(results, written, charts);
    }

    /** A file name part: letters, digits, dot, dash and underscore only. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static List<Path> emit(Path dir, TuneResult result, List<Recording> all, int index, boolean numbered) {
        List<Recording> used = all.stream()
                .filter(r -> result.recordings().contains(r.runId()))
                .toList();
        long own = result.current().variant().windowMs();
        long window = result.recommended().variant().windowMs();
        List<RuleReplay> replays = used.stream()
                .map(r -> RuleWindows.replay(r, r.rules(result.rule().alert()).get(index), own, window))
                .toList();
        PromtoolTests.Files files =
                PromtoolTests.of(result.rule(), own, result.recommended().variant(), used, replays);
        String suffix = numbered ? "-" + (index + 1) : "";
        String rulesName = files.rulesName().replace(".rules.yml", suffix + ".rules.yml");
        String testName = files.testName().replace(".test.yml", suffix + ".test.yml");
        try {
            Files.createDirectories(dir);
            Path rules = dir.resolve(rulesName);
            Path test = dir.resolve(testName);
            Files.writeString(rules, files.rules(), StandardCharsets.UTF_8);
            Files.writeString(
                    test,
                    files.test().replace(files.rulesName(), rulesName).replace(files.testName(), testName),
                    StandardCharsets.UTF_8);
            return List.of(rules, test);
        } catch (IOException e) {
            throw new UntunableRuleException("cannot write the promtool tests to " + dir + ": " + e.getMessage());
        }
    }
}
