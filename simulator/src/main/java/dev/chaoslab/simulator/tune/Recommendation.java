package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.alerts.VerdictRules;
import dev.chaoslab.simulator.result.RecordedRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Picks the variant to recommend and says why in one sentence. The order: fewest missed faults, then least
 * false-alarm time, then fastest mean detection, then fastest resolution, then the smallest change from the
 * current rule (so the current rule wins ties).
 */
final class Recommendation {

    private Recommendation() {}

    static TuneRow pick(List<TuneRow> rows, boolean[] moves) {
        TuneRow current = rows.get(0);
        return rows.stream()
                .min(Comparator.comparingInt((TuneRow r) -> r.score().missed())
                        .thenComparingLong(r -> r.score().falseAlarmMs())
                        .thenComparingLong(r -> r.score().detectionKey())
                        .thenComparingLong(r -> r.score().meanTimeToResolveMs() == null
                                ? Long.MAX_VALUE
                                : r.score().meanTimeToResolveMs())
                        .thenComparingDouble(r -> change(current.variant(), r.variant(), moves)))
                .orElseThrow();
    }

    /**
     * How far a variant is from the current rule: threshold and window factor distances plus {@code for} distance in
     * minutes.
     */
    static double change(Variant current, Variant v, boolean[] moves) {
        double d = 0;
        for (int c = 0; c < moves.length; c++) {
            if (moves[c] && current.threshold(c) != 0) {
                d += Math.abs(Math.log(v.threshold(c) / current.threshold(c)));
            }
        }
        if (current.windowMs() > 0 && v.windowMs() > 0) {
            d += Math.abs(Math.log((double) v.windowMs() / current.windowMs()));
        }
        return d + Math.abs(v.forMs() - current.forMs()) / 60_000.0;
    }

    static String sentence(RecordedRule rule, TuneRow current, TuneRow best, boolean[] moves) {
        Score c = current.score();
        Score b = best.score();
        if (best == current || best.variant().equals(current.variant())) {
            return "Keep " + rule.alert() + " as it is: no variant tried "
                    + (c.missed() > 0 ? "misses fewer faults" : "detects faster") + " without more false alarms ("
                    + describe(c) + ").";
        }
        List<String> changes = changes(rule, current.variant(), best.variant(), moves);
        StringBuilder s =
                new StringBuilder("Use ").append(String.join(" and ", changes)).append(": ");
        s.append(describe(b));
        s.append(", where the current rule ").append(describe(c)).append('.');
        if (b.falseAlarmMs() == 0 && b.quietMs() > 0) {
            s.append(" It stays quiet through ")
                    .append(VerdictRules.human(b.quietMs()))
                    .append(" of baseline and quiet phases.");
        }
        return s.toString();
    }

    static List<String> changes(RecordedRule rule, Variant from, Variant to, boolean[] moves) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < moves.length; c++) {
            if (moves[c] && from.threshold(c) != to.threshold(c)) {
                out.add("threshold " + RuleYaml.number(to.threshold(c)) + " (was " + RuleYaml.number(from.threshold(c))
                        + ")");
                break;
            }
        }
        if (from.windowMs() != to.windowMs()) {
            out.add("window " + RuleYaml.duration(to.windowMs()) + " (was " + RuleYaml.duration(from.windowMs()) + ")");
        }
        if (from.forMs() != to.forMs()) {
            out.add("for: " + RuleYaml.duration(to.forMs()) + " (was " + RuleYaml.duration(from.forMs()) + ")");
        }
        return out;
    }

    /** "detects 3 of 3 faults in 45 s on average (worst 1m10s), resolves 1m05s after, 0 s of false alarms". */
    static String describe(Score s) {
        StringBuilder out = new StringBuilder();
        if (s.faults() == 0) {
            out.append("no faults to detect");
        } else {
            out.append("detects ")
                    .append(s.faults() - s.missed())
                    .append(" of ")
                    .append(s.faults())
                    .append(s.faults() == 1 ? " fault" : " faults");
            if (s.meanTimeToFireMs() != null) {
                out.append(" in ")
                        .append(VerdictRules.human(s.meanTimeToFireMs()))
                        .append(" on average");
                if (s.faults() - s.missed() > 1) {
                    out.append(" (worst ")
                            .append(VerdictRules.human(s.worstTimeToFireMs()))
                            .append(")");
                }
            }
            if (s.meanTimeToResolveMs() != null) {
                out.append(", resolves ")
                        .append(VerdictRules.human(s.meanTimeToResolveMs()))
                        .append(" after the fault ends");
            }
        }
        out.append(String.format(Locale.ROOT, ", %s of false alarms", VerdictRules.human(s.falseAlarmMs())));
        return out.toString();
    }
}
