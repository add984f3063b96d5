package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.ExpectationProgress;
import dev.chaoslab.simulator.result.ExpectationProgress.State;
import dev.chaoslab.simulator.result.FaultState;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.scenario.Anchor;
import dev.chaoslab.simulator.scenario.Expectation;
import dev.chaoslab.simulator.scenario.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Follows a run's alert expectations while it goes: per expectation, whether its window has begun and what the alert
 * did in it so far (pending, firing, resolved), decided where it already can be (a silent alert that fired, a limit
 * that passed). It reads the alert instances polling has seen and asks Prometheus nothing, so it is cheap enough to
 * ask once a second. The verdicts after the run ({@link VerdictRules}) stay the judgement; this is the view on the
 * way there.
 *
 * <p>Thread-safe when {@code instances} is (the poller hands out copies under its lock).
 */
final class ExpectationWatch {

    private final Supplier<List<AlertHistory.Instance>> instances;
    private final Clock clock;

    /** @param instances the alert instances seen so far, or null when nobody is polling */
    ExpectationWatch(Supplier<List<AlertHistory.Instance>> instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    /** One entry per expectation of the scenario, in its order; empty when there are none or nothing is polled. */
    List<ExpectationProgress> progress(Scenario scenario, RunTimeline soFar) {
        if (scenario.expectations().isEmpty() || soFar.startedAt() == null) {
            return List.of();
        }
        List<AlertHistory.Instance> seen = instances.get();
        if (seen == null) {
            return List.of();
        }
        long nowMs = Duration.between(soFar.startedAt(), clock.instant()).toMillis();
        List<ExpectationProgress> out = new ArrayList<>();
        for (Expectation e : scenario.expectations()) {
            out.add(of(e, window(e.anchor(), scenario, soFar), seen, soFar.startedAt(), nowMs));
        }
        return out;
    }

    /**
     * The window an anchor names as far as the run got: null before it begins; its end as planned (from its actual
     * start) until it has really ended — the next phase began, the fault was cleared. A fault the run could not
     * apply (failed, skipped) counts with its planned window, as the verdicts count it.
     */
    static Window window(Anchor anchor, Scenario scenario, RunTimeline soFar) {
        Window planned = PrometheusAlertCheck.planned(anchor, scenario);
        long length = planned.endMs() - planned.startMs();
        return switch (anchor.kind()) {
            case RUN -> planned;
            case PHASE ->
                soFar.phases().stream()
                        .filter(p -> p.index() == anchor.index())
                        .findFirst()
                        .map(p -> {
                            boolean ended = soFar.phases().stream().anyMatch(q -> q.index() > p.index());
                            return new Window(
                                    planned.name(),
                                    p.startMs(),
                                    ended ? Math.max(p.startMs(), p.endMs()) : p.startMs() + length);
                        })
                        .orElse(null);
            case CHAOS ->
                soFar.fault(anchor.index())
                        .filter(RunTimeline.FaultWindow::applied)
                        .map(f -> new Window(
                                planned.name(),
                                f.startMs(),
                                f.state() == FaultState.CLEARED
                                        ? Math.max(f.startMs(), f.endMs())
                                        : f.startMs() + length))
                        .orElseGet(() -> soFar.fault(anchor.index())
                                .filter(f -> f.state() == FaultState.FAILED || f.state() == FaultState.SKIPPED)
                                .map(f -> planned)
                                .orElse(null));
        };
    }

    /**
     * Where {@code e} stands at {@code nowMs}. Pure: every time is passed in.
     *
     * @param ref       its window in ms from the run start, null when the window has not begun
     * @param instances the alert instances polling saw (those of other alerts are ignored)
     */
    static ExpectationProgress of(
            Expectation e, Window ref, List<AlertHistory.Instance> instances, Instant runStart, long nowMs) {
        if (ref == null || nowMs < ref.startMs()) {
            return progress(e, State.WAITING, null, null);
        }
        List<Timed> episodes = episodes(e, instances, runStart);
        return switch (e.kind()) {
            case FIRES, NOTIFIES -> fires(e, ref, episodes, nowMs);
            case RESOLVES -> resolves(e, ref, episodes, nowMs);
            case SILENT, NOT_NOTIFIED -> silent(e, ref, episodes, nowMs);
        };
    }

    private record Timed(long pendingMs, Long firingMs, Long resolvedMs) {

        boolean endsAfter(long tMs) {
            return resolvedMs == null || resolvedMs > tMs;
        }
    }

    private static List<Timed> episodes(Expectation e, List<AlertHistory.Instance> instances, Instant runStart) {
        List<Timed> out = new ArrayList<>();
        for (AlertHistory.Instance i : instances) {
            if (i.matches(e.alert(), e.labels())) {
                for (AlertHistory.Episode ep : i.episodes()) {
                    out.add(new Timed(
                            offset(ep.pendingAt(), runStart),
                            offset(ep.firingAt(), runStart),
                            offset(ep.resolvedAt(), runStart)));
                }
            }
        }
        out.sort(Comparator.comparingLong(Timed::pendingMs));
        return out;
    }

    private static ExpectationProgress fires(Expectation e, Window ref, List<Timed> episodes, long nowMs) {
        long start = ref.startMs();
        long limit = start + e.within().toMillis();
        Timed fired = episodes.stream()
                .filter(t -> t.firingMs != null && t.endsAfter(start))
                .min(Comparator.comparingLong(t -> t.firingMs))
                .orElse(null);
        if (fired != null) {
            long toFire = fired.firingMs - start;
            if (e.kind() == Expectation.Kind.FIRES && fired.firingMs > limit) {
                return progress(e, State.FAILED, fired.firingMs, toFire);
            }
            return fired.resolvedMs == null
                    ? progress(e, State.FIRING, fired.firingMs, toFire)
                    : progress(e, State.RESOLVED, fired.resolvedMs, toFire);
        }
        if (e.kind() == Expectation.Kind.FIRES && nowMs > limit) {
            return progress(e, State.MISSED, limit, null);
        }
        return pendingOrQuiet(e, start, episodes);
    }

    private static ExpectationProgress resolves(Expectation e, Window ref, List<Timed> episodes, long nowMs) {
        long start = ref.startMs();
        long limit = ref.endMs() + e.within().toMillis();
        List<Timed> fired = episodes.stream()
                .filter(t -> t.firingMs != null && t.endsAfter(start))
                .toList();
        if (fired.isEmpty()) {
            return nowMs > limit ? progress(e, State.MISSED, limit, null) : pendingOrQuiet(e, start, episodes);
        }
        long toFire = fired.get(0).firingMs - start;
        Timed firing =
                fired.stream().filter(t -> t.resolvedMs == null).findFirst().orElse(null);
        if (firing != null) {
            return nowMs > limit
                    ? progress(e, State.MISSED, limit, toFire)
                    : progress(e, State.FIRING, firing.firingMs, toFire);
        }
        long resolved = fired.stream().mapToLong(t -> t.resolvedMs).max().orElseThrow();
        return progress(e, resolved > limit ? State.FAILED : State.RESOLVED, resolved, toFire);
    }

    private static ExpectationProgress silent(Expectation e, Window ref, List<Timed> episodes, long nowMs) {
        long start = ref.startMs();
        long end = ref.endMs();
        Timed loud = episodes.stream()
                .filter(t -> t.firingMs != null && t.firingMs < end && t.endsAfter(start))
                .findFirst()
                .orElse(null);
        if (loud != null) {
            long at = Math.max(loud.firingMs, start);
            // Prometheus alone cannot fail notNotified: an inhibited or silenced alert fires and is never delivered
            State state = e.kind() == Expectation.Kind.SILENT ? State.FAILED : State.FIRING;
            return progress(e, state, at, loud.firingMs - start);
        }
        // pending since before the window ended: its firing may yet be dated inside it (activeAt + for), so undecided
        boolean pendingInside =
                episodes.stream().anyMatch(t -> t.resolvedMs == null && t.firingMs == null && t.pendingMs < end);
        if (nowMs >= end && !pendingInside) {
            return e.kind() == Expectation.Kind.SILENT
                    ? progress(e, State.PASSED, end, null)
                    : progress(e, State.QUIET, null, null);
        }
        return pendingOrQuiet(e, start, episodes);
    }

    /** Pending when an episode that began before now is open and pending; quiet otherwise. */
    private static ExpectationProgress pendingOrQuiet(Expectation e, long start, List<Timed> episodes) {
        return episodes.stream()
                .filter(t -> t.resolvedMs == null && t.firingMs == null)
                .findFirst()
                .map(t -> progress(e, State.PENDING, Math.max(t.pendingMs, start), null))
                .orElseGet(() -> progress(e, State.QUIET, null, null));
    }

    private static ExpectationProgress progress(Expectation e, State state, Long sinceMs, Long timeToFireMs) {
        return new ExpectationProgress(
                e.index(),
                e.alert(),
                e.labels(),
                e.kind(),
                e.anchor().toString(),
                e.within() == null ? null : e.within().toMillis(),
                state,
                sinceMs,
                timeToFireMs);
    }

    private static Long offset(Instant t, Instant runStart) {
        return t == null ? null : Duration.between(runStart, t).toMillis();
    }
}
