package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.RecordedCondition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule as Prometheus rule-file YAML with a variant's thresholds and {@code for} written in, and the diff
 * between two variants. Thresholds are rewritten in the expression's own text, comparison by comparison.
 */
public final class RuleYaml {

    private RuleYaml() {}

    /** The expression with {@code v}'s thresholds in place of the recorded ones. */
    public static String expr(RecordedRule rule, Variant v) {
        String expr = rule.expr();
        int from = 0;
        StringBuilder out = new StringBuilder();
        for (int c = 0; c < rule.conditions().size(); c++) {
            RecordedCondition cond = rule.conditions().get(c);
            int leftAt = expr.indexOf(cond.left(), from);
            int searchFrom = leftAt >= 0 ? leftAt + cond.left().length() : from;
            Matcher m = Pattern.compile(Pattern.quote(cond.op()) + "(\\s*\\(?\\s*)" + spaced(cond.right()))
                    .matcher(expr);
            if (!m.find(searchFrom)) {
                throw new UntunableRuleException("alert " + rule.alert() + ": cannot find `" + cond.op() + " "
                        + cond.right() + "` in its expression to write a new threshold into");
            }
            out.append(expr, from, m.start()).append(cond.op()).append(m.group(1));
            out.append(
                    cond.threshold() == v.threshold(c)
                            ? m.group()
                                    .substring(cond.op().length() + m.group(1).length())
                            : number(v.threshold(c)));
            from = m.end();
        }
        return out.append(expr.substring(from)).toString();
    }

    /** The rule block (without annotations) as it goes into a rule file's {@code rules:} list. */
    public static List<String> lines(RecordedRule rule, Variant v, String indent) {
        return lines(rule, expr(rule, v), v, indent);
    }

    /**
     * The rule block over {@code v}'s window: its expression with {@link RuleWindowText#alertExpr} applied; the
     * recording rules it then reads come from {@link RuleWindowText#recordingRules}.
     */
    public static List<String> lines(RecordedRule rule, Variant v, String indent, RuleWindowText window) {
        return lines(rule, window.alertExpr(expr(rule, v)), v, indent);
    }

    private static List<String> lines(RecordedRule rule, String expr, Variant v, String indent) {
        List<String> out = new ArrayList<>();
        out.add(indent + "- alert: " + rule.alert());
        out.add(indent + "  expr: |");
        for (String line : expr.strip().split("\n")) {
            out.add(indent + "    " + line.strip());
        }
        out.add(indent + "  for: " + duration(v.forMs()));
        if (v.keepFiringForMs() > 0) {
            out.add(indent + "  keep_firing_for: " + duration(v.keepFiringForMs()));
        }
        if (!rule.labels().isEmpty()) {
            out.add(indent + "  labels:");
            for (Map.Entry<String, String> l : new TreeMap<>(rule.labels()).entrySet()) {
                out.add(indent + "    " + l.getKey() + ": " + quoted(l.getValue()));
            }
        }
        return out;
    }

    /**
     * A unified-style diff of the rule from {@code from} to {@code to}; empty when they are the same. Where the window
     * changes, the recording rules the new expression reads follow as added lines (the ones the rule read before stay).
     *
     * @param recordingRules the recording rules the run recorded, by name
     */
    public static String diff(RecordedRule rule, Map<String, String> recordingRules, Variant from, Variant to) {
        if (from.equals(to)) {
            return "";
        }
        RuleWindowText window = RuleWindowText.of(rule.expr(), recordingRules, from.windowMs(), to.windowMs());
        List<String> a = lines(rule, from, "");
        List<String> b = lines(rule, to, "", window);
        String added = window.recordingRuleLines("");
        if (!added.isEmpty()) {
            StringBuilder out = new StringBuilder(plainDiff(rule, a, b));
            out.append("# the recording rules it reads over ")
                    .append(duration(to.windowMs()))
                    .append(" (add those the rule files do not have yet):\n");
            added.lines().forEach(l -> out.append('+').append(l).append('\n'));
            return out.toString();
        }
        return plainDiff(rule, a, b);
    }

    private static String plainDiff(RecordedRule rule, List<String> a, List<String> b) {
        StringBuilder out =
                new StringBuilder("--- " + rule.alert() + " (current)\n+++ " + rule.alert() + " (recommended)\n");
        if (a.size() != b.size()) {
            a.forEach(l -> out.append('-').append(l).append('\n'));
            b.forEach(l -> out.append('+').append(l).append('\n'));
            return out.toString();
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals(b.get(i))) {
                out.append(' ').append(a.get(i)).append('\n');
            } else {
                out.append('-')
                        .append(a.get(i))
                        .append('\n')
                        .append('+')
                        .append(b.get(i))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** A Prometheus duration: {@code 0s}, {@code 30s}, {@code 1m}, {@code 1m30s}, {@code 2h}. */
    public static String duration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        long h = ms / 3_600_000;
        long m = ms % 3_600_000 / 60_000;
        long sec = ms % 60_000 / 1000;
        long milli = ms % 1000;
        if (h > 0) {
            s.append(h).append('h');
        }
        if (m > 0) {
            s.append(m).append('m');
        }
        if (sec > 0) {
            s.append(sec).append('s');
        }
        if (milli > 0) {
            s.append(milli).append("ms");
        }
        return s.toString();
    }

    /** A number as short as it reads: 0.05, 14.4, 3. */
    public static String number(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String spaced(String text) {
        StringBuilder out = new StringBuilder();
        for (String part : text.strip().split("\\s+")) {
            if (out.length() > 0) {
                out.append("\\s+");
            }
            out.append(Pattern.quote(part));
        }
        return out.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
