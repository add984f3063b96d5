package dev.chaoslab.simulator.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' alerting-rule state machine ({@code rules/alerting.go}, {@code AlertingRule.Eval}) for a fixed set
 * of instances, fed one evaluation at a time:
 * <ul>
 *   <li>an instance the expression returns becomes pending at that evaluation (a resolved one starts anew);</li>
 *   <li>a pending instance fires at the first evaluation at least {@code for} after it became active;</li>
 *   <li>an instance the expression no longer returns is dropped when pending, resolved when firing — unless
 *       {@code keep_firing_for} is set, then it keeps firing until that long after the expression first stopped
 *       returning it.</li>
 * </ul>
 * Not thread-safe; one machine per replay.
 */
final class AlertStateMachine {

    private static final int INACTIVE = 0;
    private static final int PENDING = 1;
    private static final int FIRING = 2;

    private final long forMs;
    private final long keepFiringForMs;
    private final int[] state;
    private final long[] activeAt;
    private final long[] firedAt;
    private final long[] keepFiringSince;
    private final List<long[]> episodes = new ArrayList<>();

    AlertStateMachine(int instances, long forMs, long keepFiringForMs) {
        this.forMs = forMs;
        this.keepFiringForMs = keepFiringForMs;
        this.state = new int[instances];
        this.activeAt = new long[instances];
        this.firedAt = new long[instances];
        this.keepFiringSince = new long[instances];
        Arrays.fill(keepFiringSince, Long.MIN_VALUE);
    }

    /** One evaluation at {@code tMs}: {@code returned[i]} tells whether the expression returned instance i. */
    void evaluate(long tMs, boolean[] returned) {
        for (int i = 0; i < state.length; i++) {
            if (returned[i]) {
                keepFiringSince[i] = Long.MIN_VALUE;
                if (state[i] == INACTIVE) {
                    state[i] = PENDING;
                    activeAt[i] = tMs;
                }
            } else if (state[i] != INACTIVE) {
                if (state[i] == FIRING && keepFiringForMs > 0) {
                    if (keepFiringSince[i] == Long.MIN_VALUE) {
                        keepFiringSince[i] = tMs;
                    }
                    if (tMs - keepFiringSince[i] < keepFiringForMs) {
                        continue;
                    }
                }
                episodes.add(new long[] {i, activeAt[i], state[i] == FIRING ? firedAt[i] : Long.MIN_VALUE, tMs});
                state[i] = INACTIVE;
                keepFiringSince[i] = Long.MIN_VALUE;
                continue;
            }
            if (state[i] == PENDING && tMs - activeAt[i] >= forMs) {
                state[i] = FIRING;
                firedAt[i] = tMs;
            }
        }
    }

    /**
     * The episodes so far, those still open without a resolution; {@code labels.get(i)} names instance i. A pending
     * episode that never fired is kept with a null firing time and its end as {@code resolvedMs}.
     */
    List<Episode> episodes(List<Map<String, String>> labels) {
        List<Episode> out = new ArrayList<>();
        for (long[] e : episodes) {
            out.add(new Episode(labels.get((int) e[0]), e[1], e[2] == Long.MIN_VALUE ? null : e[2], e[3]));
        }
        for (int i = 0; i < state.length; i++) {
            if (state[i] != INACTIVE) {
                out.add(new Episode(labels.get(i), activeAt[i], state[i] == FIRING ? firedAt[i] : null, null));
            }
        }
        out.sort(Comparator.comparingLong(Episode::pendingMs));
        return out;
    }
}
