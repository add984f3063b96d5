package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scores a replay against the faults a run really injected. A fault is detected when some instance matching the
 * {@code matchers} fires between its start and its end plus {@code graceMs} (firing already at its start counts
 * as 0 ms); it is resolved when, after its end and after it fired, no such instance fires. Firing outside every
 * {@code [start, end + grace)} is false-alarm time. Time is counted on the evaluation grid.
 */
public final class Scorer {

    private final long graceMs;
    private final Map<String, String> matchers;

    public Scorer(long graceMs, Map<String, String> matchers) {
        if (graceMs < 0) {
            throw new IllegalArgumentException("grace (" + graceMs + " ms) must be >= 0");
        }
        this.graceMs = graceMs;
        this.matchers = Map.copyOf(matchers);
    }

    /** The per-recording tallies of one variant, to add up over recordings. */
    public record Tally(
            int faults,
            int missed,
            long fireSumMs,
            long worstFireMs,
            int detected,
            long resolveSumMs,
            int resolved,
            int unresolved,
            long falseAlarmMs,
            long quietMs) {

        static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        Tally plus(Tally o) {
            return new Tally(
                    faults + o.faults,
                    missed + o.missed,
                    fireSumMs + o.fireSumMs,
                    Math.max(worstFireMs, o.worstFireMs),
                    detected + o.detected,
                    resolveSumMs + o.resolveSumMs,
                    resolved + o.resolved,
                    unresolved + o.unresolved,
                    falseAlarmMs + o.falseAlarmMs,
                    quietMs + o.quietMs);
        }

        Score score() {
            return new Score(
                    faults,
                    missed,
                    detected == 0 ? null : fireSumMs / detected,
                    detected == 0 ? null : worstFireMs,
                    resolved == 0 ? null : resolveSumMs / resolved,
                    unresolved,
                    falseAlarmMs,
                    quietMs);
        }
    }

    /** Adds up tallies into a score. */
    public static Score total(List<Tally> tallies) {
        Tally sum = Tally.ZERO;
        for (Tally t : tallies) {
            sum = sum.plus(t);
        }
        return sum.score();
    }

    /** The tally of {@code episodes} replayed on {@code replay}'s grid against {@code recording}'s faults. */
    public Tally tally(Recording recording, RuleReplay replay, List<Episode> episodes) {
        List<Episode> relevant = new ArrayList<>();
        for (Episode e : episodes) {
            if (e.fired() && agrees(e.labels())) {
                relevant.add(e);
            }
        }
        List<RunTimeline.FaultWindow> faults = recording.faults().stream()
                .filter(RunTimeline.FaultWindow::applied)
                .toList();
        int steps = replay.steps();
        long step = replay.stepMs();
        boolean[] firing = new boolean[steps];
        for (int k = 0; k < steps; k++) {
            long t = replay.timeOf(k);
            for (Episode e : relevant) {
                if (e.firingAt(t)) {
                    firing[k] = true;
                    break;
                }
            }
        }
        long falseAlarm = 0;
        long quiet = 0;
        for (int k = 0; k < steps; k++) {
            long t = replay.timeOf(k);
            boolean inIncident = faults.stream().anyMatch(f -> t >= f.startMs() && t < f.endMs() + graceMs);
            if (!inIncident) {
                quiet += step;
                falseAlarm += firing[k] ? step : 0;
            }
        }
        int missed = 0;
        int detected = 0;
        long fireSum = 0;
        long worst = 0;
        long resolveSum = 0;
        int resolved = 0;
        int unresolved = 0;
        for (RunTimeline.FaultWindow f : faults) {
            Long fired = null;
            long firedAt = 0;
            for (int k = 0; k < steps && fired == null; k++) {
                long t = replay.timeOf(k);
                if (firing[k] && t >= f.startMs() - step && t < f.endMs() + graceMs) {
                    fired = Math.max(0, t - f.startMs());
                    firedAt = t;
                }
            }
            if (fired == null) {
                missed++;
                continue;
            }
            detected++;
            fireSum += fired;
            worst = Math.max(worst, fired);
            // resolved: the first evaluation after both the fault's end and the firing began at which nothing fires
            // (an alert that fires only after the fault ended is still to resolve while it was pending)
            Long resolvedAfter = null;
            for (int k = 0; k < steps && resolvedAfter == null; k++) {
                long t = replay.timeOf(k);
                if (t >= f.endMs() && t > firedAt && !firing[k]) {
                    resolvedAfter = t - f.endMs();
                }
            }
            if (resolvedAfter == null) {
                unresolved++;
            } else {
                resolveSum += resolvedAfter;
                resolved++;
            }
        }
        return new Tally(
                faults.size(), missed, fireSum, worst, detected, resolveSum, resolved, unresolved, falseAlarm, quiet);
    }

    private boolean agrees(Map<String, String> labels) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            String v = labels.get(m.getKey());
            if (v != null && !v.equals(m.getValue())) {
                return false;
            }
        }
        return true;
    }
}
