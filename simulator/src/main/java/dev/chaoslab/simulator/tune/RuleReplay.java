package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.RecordedCondition;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays one recorded rule offline: at every recorded evaluation step, which alert instances its expression
 * returns for a {@link Variant}'s thresholds, fed through {@link AlertStateMachine}.
 *
 * <p>The expression is rebuilt from its split comparisons as Prometheus evaluates them: within an {@code or}
 * alternative the first comparison's series are kept where every other comparison of the alternative has a
 * series with the same values of the labels both carry ({@code and on (…)}); alternatives are joined by label set
 * ({@code or}). An instance is identified by its labels without {@code __name__}, as Prometheus' alerts are.
 * Label matching is worked out once here; a replay then only compares numbers (thousands of variants a second).
 */
public final class RuleReplay {

    private final RecordedRule rule;
    private final long startMs;
    private final long stepMs;
    private final int steps;
    /** [condition][series][step], NaN where there was no value. */
    private final double[][][] values;

    private final List<Map<String, String>> instances = new ArrayList<>();
    private final List<Alternative> alternatives = new ArrayList<>();

    /** One {@code or} alternative: the primary condition and, per primary series, the matching series of the others. */
    private record Alternative(int primary, int[] instanceOf, int[] others, int[][][] matches) {}

    /** @throws UntunableRuleException when the rule has no recorded comparisons to replay */
    public RuleReplay(RecordedRule rule) {
        this.rule = rule;
        if (rule.unsplit() != null) {
            throw new UntunableRuleException("alert " + rule.alert() + " cannot be replayed: " + rule.unsplit());
        }
        List<RecordedCondition> conditions = rule.conditions();
        if (conditions.isEmpty()) {
            throw new UntunableRuleException("alert " + rule.alert() + " cannot be replayed: its expression `"
                    + rule.expr().strip() + "` has no threshold comparison to split into sides");
        }
        this.stepMs = rule.intervalMs();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (RecordedCondition c : conditions) {
            for (RecordedSeries s : c.series()) {
                start = Math.min(start, s.startMs());
                end = Math.max(end, s.startMs() + (long) s.values().size() * s.stepMs());
            }
        }
        this.startMs = start == Long.MAX_VALUE ? 0 : start;
        this.steps = start == Long.MAX_VALUE ? 0 : (int) ((end - start + stepMs - 1) / stepMs);
        this.values = new double[conditions.size()][][];
        for (int c = 0; c < conditions.size(); c++) {
            List<RecordedSeries> series = conditions.get(c).series();
            values[c] = new double[series.size()][];
            for (int s = 0; s < series.size(); s++) {
                values[c][s] = aligned(series.get(s));
            }
        }
        Map<Map<String, String>, Integer> ids = new LinkedHashMap<>();
        Map<Integer, List<Integer>> byGroup = new TreeMap<>();
        for (int c = 0; c < conditions.size(); c++) {
            byGroup.computeIfAbsent(conditions.get(c).group(), g -> new ArrayList<>())
                    .add(c);
        }
        for (List<Integer> group : byGroup.values()) {
            int primary = group.get(0);
            int[] others = group.subList(1, group.size()).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            List<RecordedSeries> primarySeries = conditions.get(primary).series();
            int[] instanceOf = new int[primarySeries.size()];
            int[][][] matches = new int[primarySeries.size()][others.length][];
            for (int s = 0; s < primarySeries.size(); s++) {
                Map<String, String> labels = withoutName(primarySeries.get(s).labels());
                instanceOf[s] = ids.computeIfAbsent(labels, l -> {
                    instances.add(l);
                    return instances.size() - 1;
                });
                for (int o = 0; o < others.length; o++) {
                    matches[s][o] = matching(
                            primarySeries.get(s).labels(),
                            conditions.get(others[o]).series());
                }
            }
            alternatives.add(new Alternative(primary, instanceOf, others, matches));
        }
    }

    public RecordedRule rule() {
        return rule;
    }

    /** The rule as recorded: its thresholds, {@code for} and {@code keep_firing_for}, over {@code windowMs}. */
    public Variant current(long windowMs) {
        double[] thresholds = rule.conditions().stream()
                .mapToDouble(RecordedCondition::threshold)
                .toArray();
        return new Variant(thresholds, rule.forMs(), rule.keepFiringForMs(), windowMs);
    }

    public long stepMs() {
        return stepMs;
    }

    public long startMs() {
        return startMs;
    }

    /** The end of the recorded data, ms from the run start. */
    public long endMs() {
        return startMs + steps * stepMs;
    }

    public int steps() {
        return steps;
    }

    /** The time of evaluation step {@code k}, ms from the run start. */
    public long timeOf(int k) {
        return startMs + k * stepMs;
    }

    /** The alert's episodes under {@code variant}, per instance in order of first appearance, then by time. */
    public List<Episode> replay(Variant variant) {
        if (variant.conditions() != rule.conditions().size()) {
            throw new IllegalArgumentException("the variant has " + variant.conditions() + " thresholds, the rule "
                    + rule.conditions().size() + " comparisons");
        }
        AlertStateMachine machine = new AlertStateMachine(instances.size(), variant.forMs(), variant.keepFiringForMs());
        boolean[] active = new boolean[instances.size()];
        for (int k = 0; k < steps; k++) {
            Arrays.fill(active, false);
            for (Alternative a : alternatives) {
                double[][] primary = values[a.primary];
                String op = rule.conditions().get(a.primary).op();
                double threshold = variant.threshold(a.primary);
                for (int s = 0; s < primary.length; s++) {
                    if (active[a.instanceOf[s]] || !holds(op, primary[s][k], threshold)) {
                        continue;
                    }
                    if (othersHold(a, s, k, variant)) {
                        active[a.instanceOf[s]] = true;
                    }
                }
            }
            machine.evaluate(timeOf(k), active);
        }
        return machine.episodes(instances);
    }

    private boolean othersHold(Alternative a, int s, int k, Variant variant) {
        for (int o = 0; o < a.others.length; o++) {
            int c = a.others[o];
            String op = rule.conditions().get(c).op();
            double threshold = variant.threshold(c);
            boolean any = false;
            for (int m : a.matches[s][o]) {
                if (holds(op, values[c][m][k], threshold)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /**
     * Comparison {@code condition}'s worst value at each evaluation step over its series that agree with
     * {@code matchers} (labels a series lacks are ignored): the highest for a {@code >} comparison, the lowest for
     * {@code <}; NaN where none had a value.
     */
    public double[] worst(int condition, Map<String, String> matchers) {
        RecordedCondition c = rule.conditions().get(condition);
        boolean below = c.op().startsWith("<");
        double[] out = new double[steps];
        Arrays.fill(out, Double.NaN);
        for (int s = 0; s < values[condition].length; s++) {
            Map<String, String> labels = c.series().get(s).labels();
            boolean agrees = matchers.entrySet().stream()
                    .allMatch(m -> !labels.containsKey(m.getKey())
                            || labels.get(m.getKey()).equals(m.getValue()));
            if (!agrees) {
                continue;
            }
            for (int k = 0; k < steps; k++) {
                double v = values[condition][s][k];
                if (!Double.isNaN(v) && (Double.isNaN(out[k]) || (below ? v < out[k] : v > out[k]))) {
                    out[k] = v;
                }
            }
        }
        return out;
    }

    /** Whether {@code value op threshold} holds as Prometheus compares (a missing value never does). */
    static boolean holds(String op, double value, double threshold) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (op) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            case "==" -> value == threshold;
            case "!=" -> value != threshold;
            default -> false;
        };
    }

    /** {@code s} on the replay grid, NaN where it had no value. */
    public double[] aligned(RecordedSeries s) {
        double[] out = new double[steps];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < s.values().size(); i++) {
            Double v = s.values().get(i);
            long t = s.startMs() + i * s.stepMs();
            int k = (int) Math.round((t - startMs) / (double) stepMs);
            if (v != null && k >= 0 && k < steps) {
                out[k] = v;
            }
        }
        return out;
    }

    private static int[] matching(Map<String, String> labels, List<RecordedSeries> others) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            Map<String, String> other = others.get(i).labels();
            Set<String> shared = new HashSet<>(withoutName(labels).keySet());
            shared.retainAll(withoutName(other).keySet());
            boolean same = true;
            for (String name : shared) {
                same &= labels.get(name).equals(other.get(name));
            }
            if (same) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        out.remove("__name__");
        return out;
    }
}
