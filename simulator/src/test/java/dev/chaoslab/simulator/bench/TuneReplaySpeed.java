package dev.chaoslab.simulator.bench;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.tune.RecordingFiles;
import dev.chaoslab.simulator.tune.RuleReplay;
import dev.chaoslab.simulator.tune.RuleWindows;
import dev.chaoslab.simulator.tune.TuneSession;
import dev.chaoslab.simulator.tune.TuneText;
import dev.chaoslab.simulator.tune.Tuner;
import dev.chaoslab.simulator.tune.Variant;
import dev.chaoslab.simulator.tune.VariantGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures (not a test) how many rule variants {@code tune} replays and scores per second on one recorded run,
 * and prints the tune table of each alert over all given recordings.
 *
 * <pre>
 * mvn -B -q -pl simulator -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat /tmp/cp.txt) \
 *   dev.chaoslab.simulator.bench.TuneReplaySpeed ALERT MEASURED.recording.json [MORE.recording.json ...]
 * </pre>
 */
public final class TuneReplaySpeed {

    private TuneReplaySpeed() {}

    public static void main(String[] args) {
        String alert = args[0];
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            files.add(Path.of(args[i]));
        }
        Recording measured = RecordingFiles.read(files.get(0));
        RecordedRule rule = measured.rules(alert).get(0);
        RuleWindows windows = RuleWindows.of(measured, rule);
        List<Long> tried = VariantGrid.windows(windows, List.of());
        Map<Long, RuleReplay> replays = new LinkedHashMap<>();
        long rewindowStart = System.nanoTime();
        for (long w : tried) {
            replays.put(w, RuleWindows.replay(measured, rule, windows.windowMs(), w));
        }
        double rewindowMs = (System.nanoTime() - rewindowStart) / 1e6;
        RuleReplay replay = replays.get(tried.get(0));
        boolean[] primary = new boolean[rule.conditions().size()];
        for (int c = 0; c < primary.length; c++) {
            primary[c] = rule.conditions().get(c).primary();
        }
        Variant current = replay.current(tried.get(0));
        List<Variant> grid =
                VariantGrid.of(current, VariantGrid.moving(current.thresholds(), primary), rule.intervalMs(), tried);
        Tuner tuner = new Tuner(Tuner.DEFAULT_GRACE_MS, Map.of());
        long series =
                rule.conditions().stream().mapToLong(c -> c.series().size()).sum();
        long counters =
                measured.counters().stream().mapToLong(c -> c.series().size()).sum();
        System.out.printf(
                Locale.ROOT,
                "%s on %s: %d evaluations (%s of data, every %d ms), %d series, %d counter series, %d variants over "
                        + "windows %s (%s)%n",
                alert,
                files.get(0).getFileName(),
                replay.steps(),
                human(replay.endMs() - replay.startMs()),
                rule.intervalMs(),
                series,
                counters,
                grid.size(),
                tried,
                windows.fixed() == null
                        ? String.format(
                                Locale.ROOT, "re-evaluating the other windows from the counters: %.0f ms", rewindowMs)
                        : "window fixed: " + windows.fixed());
        for (int round = 0; round < 10; round++) {
            long start = System.nanoTime();
            long variants = 0;
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (Variant v : grid) {
                    tuner.score(List.of(measured), List.of(replays.get(v.windowMs())), v);
                    variants++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT, "round %d: %.0f variants/s (replay + score)%n", round + 1, variants / seconds);
        }
        System.out.println();
        System.out.print(TuneText.render(TuneSession.run(
                        new TuneSession.Request(files, alert, Map.of(), Tuner.DEFAULT_GRACE_MS, null, List.of()))
                .results()));
    }

    private static String human(long ms) {
        return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, ms % 60_000 / 1000);
    }
}
