package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.Expectation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Decides an expectation from the alert episodes polling recorded. Pure: no I/O, no clock; every time is
 * passed in, so each case is tested with hand-made episodes.
 */
public final class VerdictRules {

    private VerdictRules() {}

    /**
     * @param reference      the window the expectation refers to, in ms from the run start
     * @param instances      every alert instance polling saw (those of other alerts are ignored)
     * @param runStart       the run's start
     * @param observedUntilMs how far (ms from the run start) polling watched, settle time included
     * @param forDuration    the rule's {@code for:} delay, to explain a pending alert that never fired
     */
    public static Verdict decide(
            Expectation e,
            Window reference,
            List<AlertHistory.Instance> instances,
            Instant runStart,
            long observedUntilMs,
            Duration forDuration) {
        List<Timed> episodes = new ArrayList<>();
        for (AlertHistory.Instance i : instances) {
            if (i.matches(e.alert(), e.labels())) {
                for (AlertHistory.Episode ep : i.episodes()) {
                    episodes.add(new Timed(
                            i,
                            offset(ep.pendingAt(), runStart),
                            offset(ep.firingAt(), runStart),
                            offset(ep.resolvedAt(), runStart)));
                }
            }
        }
        episodes.sort(Comparator.comparingLong(Timed::pendingMs));
        return switch (e.kind()) {
            case FIRES -> fires(e, reference, episodes, observedUntilMs, forDuration);
            case RESOLVES -> resolves(e, reference, episodes, observedUntilMs);
            case SILENT -> silent(e, reference, episodes);
            case NOTIFIES, NOT_NOTIFIED ->
                Verdict.notified(
                        e,
                        false,
                        null,
                        "Not checked: " + e.kind().key()
                                + " needs Alertmanager and the simulator's webhook receiver, which --local-prometheus starts where Alertmanager "
                                + "is installed and its configuration is valid; Prometheus alone cannot tell what was delivered.");
        };
    }

    private record Timed(AlertHistory.Instance instance, long pendingMs, Long firingMs, Long resolvedMs) {

        boolean endsAfter(long tMs) {
            return resolvedMs == null || resolvedMs > tMs;
        }

        boolean firingDuring(long fromMs, long toMs) {
            return firingMs != null && firingMs < toMs && endsAfter(fromMs);
        }
    }

    private static Verdict fires(
            Expectation e, Window ref, List<Timed> episodes, long observedUntilMs, Duration forDuration) {
        long start = ref.startMs();
        long limit = e.within().toMillis();
        Timed firstFiring = episodes.stream()
                .filter(t -> t.firingMs != null && t.endsAfter(start))
                .min(Comparator.comparingLong(t -> t.firingMs))
                .orElse(null);
        if (firstFiring == null) {
            Timed pending = episodes.stream()
                    .filter(t -> t.endsAfter(start))
                    .findFirst()
                    .orElse(null);
            String detail;
            if (pending != null) {
                detail = e.alert() + " was pending from " + human(pending.pendingMs - start) + " after " + ref.name()
                        + " started but never fired" + forNote(forDuration) + "; expected firing within " + human(limit)
                        + ".";
                return Verdict.of(e, false, pending.pendingMs - start, null, null, detail);
            }
            detail = e.alert() + labelsNote(e) + " never became pending or fired (watched until "
                    + human(observedUntilMs - start) + " after " + ref.name() + " started); expected firing within "
                    + human(limit) + ".";
            return Verdict.of(e, false, null, null, null, detail);
        }
        long toFire = firstFiring.firingMs - start;
        long toPending = firstFiring.pendingMs - start;
        boolean passed = toFire <= limit;
        String detail;
        if (toFire < 0) {
            detail = e.alert() + " was already firing " + human(-toFire) + " before " + ref.name()
                    + " started (it fired for something else, or the baseline is noisy).";
        } else if (passed) {
            detail = e.alert() + " fired " + human(toFire) + " after " + ref.name() + " started (pending after "
                    + human(toPending) + "), within the " + human(limit) + " limit.";
        } else {
            detail = e.alert() + " fired " + human(toFire) + " after " + ref.name() + " started, "
                    + human(toFire - limit)
                    + " later than the " + human(limit) + " limit (pending after " + human(toPending)
                    + (forDuration == null || forDuration.isZero() ? "" : ", for: " + human(forDuration.toMillis()))
                    + ").";
        }
        // the episode that fired may have resolved by the time watching stopped: say when, from the window's end
        Long toResolve = firstFiring.resolvedMs == null ? null : firstFiring.resolvedMs - ref.endMs();
        return Verdict.of(e, passed, toPending, toFire, toResolve, detail + instanceNote(firstFiring));
    }

    private static Verdict resolves(Expectation e, Window ref, List<Timed> episodes, long observedUntilMs) {
        long start = ref.startMs();
        long end = ref.endMs();
        long limit = e.within().toMillis();
        List<Timed> fired = episodes.stream()
                .filter(t -> t.firingDuring(start, Long.MAX_VALUE))
                .toList();
        if (fired.isEmpty()) {
            String detail = e.alert() + labelsNote(e) + " never fired during or after " + ref.name()
                    + ", so it could not resolve; add a 'fires' expectation to see why.";
            return Verdict.of(e, false, null, null, null, detail);
        }
        Timed first = fired.get(0);
        Long toFire = first.firingMs - start;
        Long toPending = first.pendingMs - start;
        Timed stillFiring =
                fired.stream().filter(t -> t.resolvedMs == null).findFirst().orElse(null);
        if (stillFiring != null) {
            String detail = e.alert() + " was still firing when watching stopped, " + human(observedUntilMs - end)
                    + " after " + ref.name() + " ended; expected it to resolve within " + human(limit) + "."
                    + instanceNote(stillFiring);
            return Verdict.of(e, false, toPending, toFire, null, detail);
        }
        long lastResolved = fired.stream().mapToLong(t -> t.resolvedMs).max().orElseThrow();
        long toResolve = lastResolved - end;
        boolean passed = toResolve <= limit;
        String detail;
        if (toResolve < 0) {
            detail = e.alert() + " resolved " + human(-toResolve) + " before " + ref.name() + " ended.";
        } else if (passed) {
            detail = e.alert() + " resolved " + human(toResolve) + " after " + ref.name() + " ended, within the "
                    + human(limit) + " limit.";
        } else {
            detail = e.alert() + " resolved " + human(toResolve) + " after " + ref.name() + " ended, "
                    + human(toResolve - limit) + " later than the " + human(limit) + " limit.";
        }
        return Verdict.of(e, passed, toPending, toFire, toResolve, detail);
    }

    private static Verdict silent(Expectation e, Window ref, List<Timed> episodes) {
        long start = ref.startMs();
        long end = ref.endMs();
        Timed loud = episodes.stream()
                .filter(t -> t.firingDuring(start, end))
                .findFirst()
                .orElse(null);
        if (loud != null) {
            long at = Math.max(loud.firingMs, start) - start;
            String detail = e.alert() + " fired " + human(at) + " into " + ref.name() + " (expected silent)."
                    + instanceNote(loud);
            return Verdict.of(e, false, loud.pendingMs - start, loud.firingMs - start, null, detail);
        }
        Timed pending = episodes.stream()
                .filter(t -> t.pendingMs < end && t.endsAfter(start))
                .findFirst()
                .orElse(null);
        if (pending != null) {
            long at = Math.max(pending.pendingMs, start) - start;
            String detail = e.alert() + " stayed silent during " + ref.name() + ", but was pending " + human(at)
                    + " into it: a near miss." + instanceNote(pending);
            return Verdict.of(e, true, pending.pendingMs - start, null, null, detail);
        }
        return Verdict.of(
                e, true, null, null, null, e.alert() + labelsNote(e) + " stayed silent during " + ref.name() + ".");
    }

    private static Long offset(Instant t, Instant runStart) {
        return t == null ? null : Duration.between(runStart, t).toMillis();
    }

    private static String forNote(Duration forDuration) {
        return forDuration == null || forDuration.isZero()
                ? ""
                : " (the rule's for: is " + human(forDuration.toMillis()) + ")";
    }

    private static String labelsNote(Expectation e) {
        return e.labels().isEmpty() ? "" : " " + new java.util.TreeMap<>(e.labels());
    }

    private static String instanceNote(Timed t) {
        return t.instance.labels().isEmpty() ? "" : " Instance: " + new java.util.TreeMap<>(t.instance.labels()) + ".";
    }

    /** "750 ms", "42 s", "2m05s", "1h02m". */
    public static String human(long ms) {
        long abs = Math.abs(ms);
        String sign = ms < 0 ? "-" : "";
        if (abs < 1000) {
            return sign + abs + " ms";
        }
        long s = Math.round(abs / 1000.0);
        if (s < 60) {
            return sign + s + " s";
        }
        if (s < 3600) {
            return sign + String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return sign + String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
