package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.alerts.VerdictRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The plain-text answer of {@code tune}: per rule, the Pareto front as a table, the recommendation, the YAML diff. */
public final class TuneText {

    private TuneText() {}

    public static String render(List<TuneResult> results) {
        StringBuilder out = new StringBuilder();
        for (TuneResult r : results) {
            out.append("Alert ")
                    .append(r.rule().alert())
                    .append(" (")
                    .append(r.rule().group() == null ? "" : "group " + r.rule().group() + ", ")
                    .append("evaluated every ")
                    .append(RuleYaml.duration(r.rule().intervalMs()))
                    .append(") over ")
                    .append(r.recordings().size())
                    .append(r.recordings().size() == 1 ? " run: " : " runs: ")
                    .append(String.join(", ", r.recordings()))
                    .append('\n');
            out.append(r.rows().size())
                    .append(" variants tried; the Pareto front of detection time vs false alarms:\n");
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {
                "", "threshold", "window", "for", "detected", "mean to fire", "worst", "mean to resolve", "false alarms"
            });
            // variants with the same score as one already shown add nothing: keep the current and recommended ones
            List<TuneRow> shown = new ArrayList<>();
            for (TuneRow row : r.front()) {
                boolean preferred =
                        row.current() || row.variant().equals(r.recommended().variant());
                shown.removeIf(s -> s.score().equals(row.score()) && preferred && !s.current());
                if (preferred || shown.stream().noneMatch(s -> s.score().equals(row.score()))) {
                    shown.add(row);
                }
            }
            if (!shown.contains(r.current())) {
                shown.add(r.current());
            }
            for (TuneRow row : shown) {
                Score s = row.score();
                String mark =
                        (row.variant().equals(r.recommended().variant()) ? "*" : "") + (row.current() ? "current" : "");
                table.add(new String[] {
                    mark,
                    thresholds(r, row.variant()),
                    row.variant().windowMs() == 0
                            ? "fixed"
                            : RuleYaml.duration(row.variant().windowMs()),
                    RuleYaml.duration(row.variant().forMs()),
                    (s.faults() - s.missed()) + "/" + s.faults(),
                    ms(s.meanTimeToFireMs()),
                    ms(s.worstTimeToFireMs()),
                    ms(s.meanTimeToResolveMs()) + (s.unresolved() > 0 ? " (" + s.unresolved() + " unresolved)" : ""),
                    VerdictRules.human(s.falseAlarmMs()) + " of " + VerdictRules.human(s.quietMs())
                });
            }
            out.append(format(table));
            if (r.windowFixed() != null) {
                out.append("window fixed: ").append(r.windowFixed()).append('\n');
            }
            out.append("* recommended. ").append(r.why()).append('\n');
            if (!r.yamlDiff().isEmpty()) {
                out.append(r.yamlDiff());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String thresholds(TuneResult r, Variant v) {
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < v.conditions(); c++) {
            if (r.rule().conditions().get(c).primary()) {
                parts.add(r.rule().conditions().get(c).op() + " " + RuleYaml.number(v.threshold(c)));
            }
        }
        return String.join(", ", parts);
    }

    private static String ms(Long ms) {
        return ms == null ? "-" : VerdictRules.human(ms);
    }

    private static String format(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", row[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
