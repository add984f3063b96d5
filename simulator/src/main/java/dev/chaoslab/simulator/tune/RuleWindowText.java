package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.alerts.CounterSelectors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's text moved from one window to another: ranges written in the alert's expression change in place
 * ({@code rate(x[1m])} → {@code rate(x[2m])}); a recording rule it reads whose ranges change is replaced by one over
 * the new window, named like it with the window swapped ({@code service:errors:ratio_rate1m} →
 * {@code service:errors:ratio_rate2m}; {@code name_2m} where the name does not end in the window). Where the run
 * already has a recording rule of that name and expression it is reused, not added.
 */
public final class RuleWindowText {

    private static final Pattern RANGE = Pattern.compile("\\[\\s*([0-9][0-9a-z]*)\\s*]");

    private final long from;
    private final long to;
    private final Map<String, String> renamed;
    private final Map<String, String> added;
    private final Map<String, String> read;

    private RuleWindowText(
            long from, long to, Map<String, String> renamed, Map<String, String> added, Map<String, String> read) {
        this.from = from;
        this.to = to;
        this.renamed = renamed;
        this.added = added;
        this.read = read;
    }

    /**
     * The move of {@code alertExpr} from window {@code from} to {@code to} (ms; 0 or equal windows change nothing).
     *
     * @param recordingRules the recording rules the run recorded, by name
     */
    public static RuleWindowText of(String alertExpr, Map<String, String> recordingRules, long from, long to) {
        Map<String, String> renamed = new LinkedHashMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        Map<String, String> read = new LinkedHashMap<>();
        if (from != 0 && to != 0 && from != to) {
            for (String name : CounterSelectors.recordingRulesRead(alertExpr, recordingRules)) {
                String expr = recordingRules.get(name);
                String moved = ranges(expr, from, to);
                if (moved.equals(expr)) {
                    continue;
                }
                String f = RuleYaml.duration(from);
                String newName = name.endsWith(f)
                        ? name.substring(0, name.length() - f.length()) + RuleYaml.duration(to)
                        : name + "_" + RuleYaml.duration(to);
                String existing = recordingRules.get(newName);
                if (existing != null
                        && !CounterSelectors.normalize(existing).equals(CounterSelectors.normalize(moved))) {
                    newName = newName + "_tune";
                    existing = null;
                }
                renamed.put(name, newName);
                read.put(newName, moved);
                if (existing == null) {
                    added.put(newName, moved);
                }
            }
        }
        return new RuleWindowText(from, to, renamed, added, read);
    }

    /** {@code expr} (the alert's expression, thresholds already written in) over the new window. */
    public String alertExpr(String expr) {
        if (from == 0 || to == 0 || from == to) {
            return expr;
        }
        String out = ranges(expr, from, to);
        for (Map.Entry<String, String> r : renamed.entrySet()) {
            out = out.replaceAll(
                    "(?<![a-zA-Z0-9_:])" + Pattern.quote(r.getKey()) + "(?![a-zA-Z0-9_:])",
                    Matcher.quoteReplacement(r.getValue()));
        }
        return out;
    }

    /** The recording rules the moved expression reads that the run did not have, by name. */
    public Map<String, String> recordingRules() {
        return Collections.unmodifiableMap(added);
    }

    /** Every recording rule the moved expression reads, added or already there, by name. */
    public Map<String, String> recordingRulesRead() {
        return Collections.unmodifiableMap(read);
    }

    /** {@link #recordingRules()} as rule-file YAML list items, each line starting with {@code indent}. */
    public String recordingRuleLines(String indent) {
        return lines(added, indent);
    }

    /** {@code rules} (name → expression) as rule-file YAML list items, each line starting with {@code indent}. */
    static String lines(Map<String, String> rules, String indent) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> r : rules.entrySet()) {
            out.append(indent).append("- record: ").append(r.getKey()).append('\n');
            out.append(indent).append("  expr: |\n");
            for (String line : r.getValue().strip().split("\n")) {
                out.append(indent).append("    ").append(line.strip()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code expr} with every range of {@code from} written as {@code to}. */
    static String ranges(String expr, long from, long to) {
        Matcher m = RANGE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long ms;
            try {
                ms = PromDuration.parse(m.group(1));
            } catch (IllegalArgumentException e) {
                ms = -1;
            }
            m.appendReplacement(
                    out, Matcher.quoteReplacement(ms == from ? "[" + RuleYaml.duration(to) + "]" : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
