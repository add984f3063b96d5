package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedCounter;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.result.Recording;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java re-evaluation of {@code rate()} over other windows against the real {@code promtool}: for each recording
 * rule the committed recordings' rules read, over 30s, 2m and 5m, promtool is fed the recorded raw counters and the
 * Java values (as the series {@code chaoslab_java}), and asserts at every fourth evaluation that the expression has
 * exactly as many series with a value as Java has, and that none differs from Java's by more than 1e-9 relative.
 */
class RateOracleTest {

    static final long[] WINDOWS = {30_000, 120_000, 300_000};

    @TempDir
    Path dir;

    @Test
    @DisplayName("promtool's rate() over 30s, 2m and 5m of the recorded counters equals the Java re-evaluation")
    void agreesWithPromtool() throws Exception {
        int checked = 0;
        for (Path file : Fixtures.real()) {
            Recording r = RecordingFiles.read(file);
            for (Map.Entry<String, String> rule : r.recordingRules().entrySet()) {
                WindowExpr.Node node;
                try {
                    node = WindowExpr.parse(rule.getValue(), Map.of());
                } catch (WindowFixedException e) {
                    continue; // e.g. histogram_quantile: not re-windowed, nothing to compare
                }
                if (WindowExpr.ranges(node).size() != 1) {
                    continue;
                }
                long own = WindowExpr.ranges(node).iterator().next();
                for (long w : WINDOWS) {
                    String name = file.getFileName() + "-" + rule.getKey() + "-" + w;
                    checked += check(
                            r, WindowExpr.rewindow(node, own, w), RuleWindowText.ranges(rule.getValue(), own, w), name);
                }
            }
        }
        assertThat(checked).as("evaluations compared").isGreaterThan(100);
    }

    /** Runs promtool on one expression; answers how many evaluations were compared. */
    private int check(Recording r, WindowExpr.Node node, String expr, String name) throws Exception {
        long step = 0;
        long start = Long.MAX_VALUE;
        for (RecordedCounter c : r.counters()) {
            for (RecordedSeries s : c.series()) {
                step = s.stepMs();
                start = Math.min(start, s.startMs());
            }
        }
        assertThat(step).as("counters recorded in " + r.runId()).isPositive();
        start = start / step * step;
        int steps = (int) ((r.observedUntilMs() - start) / step + 1);
        WindowEval eval = new WindowEval(sel -> r.counter(sel).orElse(null), start, step, steps);
        Map<Map<String, String>, double[]> java = eval.series(node);
        StringBuilder test = new StringBuilder("rule_files: [empty.rules.yml]\nevaluation_interval: ")
                .append(RuleYaml.duration(step))
                .append("\ntests:\n  - interval: ")
                .append(RuleYaml.duration(step))
                .append("\n    input_series:\n");
        for (RecordedCounter c : r.counters()) {
            for (RecordedSeries s : c.series()) {
                double[] v = new double[steps];
                Arrays.fill(v, Double.NaN);
                for (int i = 0; i < s.values().size(); i++) {
                    int k = (int) ((s.startMs() + i * s.stepMs() - start) / step);
                    if (s.values().get(i) != null && k >= 0 && k < steps) {
                        v[k] = s.values().get(i);
                    }
                }
                Map<String, String> labels = new TreeMap<>(s.labels());
                String metric = labels.remove("__name__");
                series(test, metric, labels, v);
            }
        }
        for (Map.Entry<Map<String, String>, double[]> j : java.entrySet()) {
            series(test, "chaoslab_java", j.getKey(), j.getValue());
        }
        test.append("    promql_expr_test:\n");
        int compared = 0;
        for (int k = 0; k < steps; k += 4) {
            int present = 0;
            for (double[] v : java.values()) {
                present += Double.isNaN(v[k]) ? 0 : 1;
            }
            String at = RuleYaml.duration(k * step);
            String e = "(" + expr.strip() + ")";
            test.append("      - expr: 'count(")
                    .append(quote(e + " == " + e))
                    .append(")'\n        eval_time: ")
                    .append(k == 0 ? "0s" : at)
                    .append('\n');
            if (present == 0) {
                test.append("        exp_samples: []\n");
            } else {
                test.append("        exp_samples:\n          - labels: '{}'\n            value: ")
                        .append(present)
                        .append('\n');
            }
            test.append("      - expr: 'abs(")
                    .append(quote(e))
                    .append(
                            " - ignoring (__name__) chaoslab_java) > ignoring (__name__) 1e-9 * (abs(chaoslab_java) + 1e-9)'\n")
                    .append("        eval_time: ")
                    .append(k == 0 ? "0s" : at)
                    .append("\n        exp_samples: []\n");
            compared++;
        }
        Path sub = Files.createDirectories(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")));
        Files.writeString(sub.resolve("empty.rules.yml"), "groups: []\n", StandardCharsets.UTF_8);
        Path file = Files.writeString(sub.resolve("oracle.test.yml"), test.toString(), StandardCharsets.UTF_8);
        String output = PromtoolOracleTest.promtool(sub, file);
        assertThat(output).as("promtool on %s:%n%s", name, output).contains("SUCCESS");
        return compared;
    }

    private static void series(StringBuilder out, String metric, Map<String, String> labels, double[] values) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels)
                .forEach((k, v) -> parts.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        out.append("      - series: '")
                .append(quote(metric + "{" + String.join(", ", parts) + "}"))
                .append("'\n        values: '")
                .append(PromtoolTests.expanding(values))
                .append("'\n");
    }

    private static String quote(String s) {
        return s.replace("'", "''").replace("\n", " ");
    }
}
