package dev.chaoslab.simulator.bench;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.tune.RecordingFiles;
import dev.chaoslab.simulator.tune.RuleReplay;
import dev.chaoslab.simulator.tune.RuleWindows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints (not a test) how far the Java re-evaluation of each re-windowable rule over its own window, from the
 * recorded raw counters, is from the values Prometheus recorded for the same rule during the run (its recording
 * rules evaluated on the real scrapes): the cost of re-evaluating from counters sampled on the replay's grid.
 *
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat /tmp/cp.txt) \
 *   dev.chaoslab.simulator.bench.RewindowFigures A.recording.json [B.recording.json ...]
 * </pre>
 */
public final class RewindowFigures {

    private RewindowFigures() {}

    public static void main(String[] args) {
        for (String arg : args) {
            Recording r = RecordingFiles.read(Path.of(arg));
            for (RecordedRule rule : r.rules()) {
                RuleWindows windows = RuleWindows.of(r, rule);
                if (rule.unsplit() != null || rule.conditions().isEmpty()) {
                    continue;
                }
                if (windows.fixed() != null) {
                    System.out.printf(
                            Locale.ROOT, "%s %s: window fixed: %s%n", r.scenario(), rule.alert(), windows.fixed());
                    continue;
                }
                RuleReplay recorded = new RuleReplay(rule);
                RuleReplay java = new RuleReplay(windows.rewindowed(r, windows.windowMs()));
                for (int c = 0; c < rule.conditions().size(); c++) {
                    double maxAbs = 0;
                    double maxRel = 0;
                    List<Double> rel = new ArrayList<>();
                    int compared = 0;
                    int onlyOne = 0;
                    for (RecordedSeries s : rule.conditions().get(c).series()) {
                        double[] a = recorded.aligned(s);
                        double[] b = null;
                        for (RecordedSeries j : java.rule().conditions().get(c).series()) {
                            if (withoutName(j.labels()).equals(withoutName(s.labels()))) {
                                b = java.aligned(j);
                            }
                        }
                        if (b == null) {
                            onlyOne += a.length;
                            continue;
                        }
                        for (int k = 0; k < a.length; k++) {
                            long t = recorded.timeOf(k);
                            int kj = (int) ((t - java.startMs()) / java.stepMs());
                            double x = a[k];
                            double y = kj >= 0 && kj < b.length ? b[kj] : Double.NaN;
                            if (Double.isNaN(x) != Double.isNaN(y)) {
                                onlyOne++;
                            } else if (!Double.isNaN(x)) {
                                compared++;
                                maxAbs = Math.max(maxAbs, Math.abs(x - y));
                                if (Math.abs(x) > 1e-12) {
                                    maxRel = Math.max(maxRel, Math.abs(x - y) / Math.abs(x));
                                    rel.add(Math.abs(x - y) / Math.abs(x));
                                }
                            }
                        }
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%s %s side %d (%s): %d values compared, max |diff| %.4g, relative diff median %.2f%% p90 %.2f%%"
                                    + " max %.2f%%, %d present on one side only%n",
                            r.scenario(),
                            rule.alert(),
                            c,
                            rule.conditions().get(c).left().strip().replaceAll("\\s+", " "),
                            compared,
                            maxAbs,
                            quantile(rel, 0.5) * 100,
                            quantile(rel, 0.9) * 100,
                            maxRel * 100,
                            onlyOne);
                }
            }
        }
    }

    private static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        out.remove("__name__");
        return out;
    }
}
