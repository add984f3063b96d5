package dev.chaoslab.simulator.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The variants tried for a rule: its threshold scaled by each of {@link #FACTORS} (every comparison that shares
 * the primary comparison's threshold moves with it, so both windows of a burn-rate pair stay equal; filters such
 * as a minimum request rate stay put), times each {@code for} of {@link #FOR_MS} that is a multiple of the
 * evaluation interval, plus the rule's own {@code for}, times each window of {@link #WINDOW_MS} at least twice the
 * counters' recorded step, plus the rule's own (only where {@link RuleWindows} can vary it). {@code keep_firing_for}
 * stays as recorded.
 */
public final class VariantGrid {

    /** Threshold multipliers tried (1 is the rule as it is). */
    public static final double[] FACTORS = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 2.0};
    /** {@code for} values tried, ms. */
    public static final long[] FOR_MS = {0, 15_000, 30_000, 60_000, 120_000, 180_000, 300_000};
    /** Windows tried where the rule's window can vary, ms. */
    public static final long[] WINDOW_MS = {30_000, 60_000, 120_000, 300_000};

    private VariantGrid() {}

    /**
     * The variants of {@code current} (first in the list) for a rule evaluated every {@code intervalMs}, over each of
     * {@code windows} (the current window first; just the current one where the window is fixed).
     */
    public static List<Variant> of(Variant current, boolean[] moves, long intervalMs, List<Long> windows) {
        Set<Long> fors = new LinkedHashSet<>();
        fors.add(current.forMs());
        for (long f : FOR_MS) {
            if (f % intervalMs == 0) {
                fors.add(f);
            }
        }
        Set<Variant> out = new LinkedHashSet<>();
        out.add(current);
        for (double factor : FACTORS) {
            double[] thresholds = new double[current.conditions()];
            for (int c = 0; c < thresholds.length; c++) {
                thresholds[c] = moves[c] ? round(current.threshold(c) * factor) : current.threshold(c);
            }
            for (long w : windows) {
                for (long f : fors) {
                    out.add(new Variant(thresholds, f, current.keepFiringForMs(), w));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The windows to try: the current one, then those of {@code asked} (or of {@link #WINDOW_MS} when none are asked)
     * that are at least twice {@code counterStepMs}; just the current one when {@code windows} says it is fixed.
     *
     * @throws UntunableRuleException when an asked window is shorter than twice the counters' recorded step
     */
    public static List<Long> windows(RuleWindows windows, List<Long> asked) {
        if (windows.fixed() != null) {
            return List.of(0L);
        }
        Set<Long> out = new LinkedHashSet<>();
        out.add(windows.windowMs());
        long min = 2 * windows.counterStepMs();
        if (asked.isEmpty()) {
            for (long w : WINDOW_MS) {
                if (w >= min) {
                    out.add(w);
                }
            }
        } else {
            for (long w : asked) {
                if (w < min) {
                    throw new UntunableRuleException(
                            "window " + RuleYaml.duration(w) + " is shorter than twice the "
                                    + "step the counters were recorded at ("
                                    + RuleYaml.duration(windows.counterStepMs())
                                    + "): rate() would see fewer than two samples; use " + RuleYaml.duration(min)
                                    + " or more",
                            true);
                }
                out.add(w);
            }
        }
        return new ArrayList<>(out);
    }

    /** Which comparisons move with the primary one: those with the same threshold as some primary comparison. */
    public static boolean[] moving(double[] thresholds, boolean[] primary) {
        boolean[] moves = new boolean[thresholds.length];
        for (int c = 0; c < thresholds.length; c++) {
            for (int p = 0; p < thresholds.length; p++) {
                moves[c] |= primary[p] && thresholds[p] == thresholds[c];
            }
        }
        return moves;
    }

    /** Four significant digits, so a scaled 0.05 reads 0.035 and not 0.034999999999999996. */
    static double round(double v) {
        if (v == 0 || Double.isInfinite(v) || Double.isNaN(v)) {
            return v;
        }
        return new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }
}
