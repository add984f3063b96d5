package dev.chaoslab.simulator.alerts;

import java.time.Duration;
import java.util.Locale;

/**
 * The plain sentence of a condition's margin: how its peak during the incident and the quiet part of the run
 * compares with the threshold, and whether that needs attention (thin margin, never crossed, no data).
 */
final class MarginNotes {

    /** A baseline above this fraction of a {@code >} threshold is a thin margin. */
    static final double THIN_BASELINE = 0.8;
    /** An incident peak below this multiple of a {@code >} threshold is a thin margin. */
    static final double THIN_INCIDENT = 1.25;

    private MarginNotes() {}

    /** A margin sentence, and whether it needs attention (thin margin, never crossed, no data). */
    record Note(String text, boolean attention) {}

    static Note sentence(
            String subject,
            RuleConditions.Condition c,
            double threshold,
            Margins.Peak quiet,
            Margins.Peak incident,
            Window quietWindow,
            Window incidentWindow,
            long longestCrossingMs,
            Duration forDuration) {
        if (c.op().equals("==") || c.op().equals("!=")) {
            return equality(subject, c, threshold, quiet, incident, quietWindow, incidentWindow);
        }
        String t = fmt(threshold);
        boolean above = !c.firesBelow();
        StringBuilder s = new StringBuilder(capitalised(subject));
        boolean attention = false;
        if (incidentWindow != null) {
            Double peak = above ? incident.max() : incident.min();
            String during = " during " + incidentWindow.name();
            if (peak == null) {
                s.append(" has no data").append(during);
                attention = true;
            } else if (longestCrossingMs == 0) {
                s.append(above ? " peaked at " : " fell only to ")
                        .append(fmt(peak))
                        .append(during)
                        .append("; threshold ")
                        .append(t)
                        .append(" was never crossed");
                if (above && peak > 0 && threshold > 0) {
                    s.append(" (it needed ").append(fmt(threshold / peak)).append("× more)");
                }
                attention = true;
            } else if (c.primary() && forDuration != null && longestCrossingMs < forDuration.toMillis()) {
                s.append(" crossed ")
                        .append(t)
                        .append(" (")
                        .append(above ? "peak " : "low ")
                        .append(fmt(peak))
                        .append(")")
                        .append(during)
                        .append(" for at most ")
                        .append(VerdictRules.human(longestCrossingMs))
                        .append(" at a time, shorter than the rule's for: ")
                        .append(VerdictRules.human(forDuration.toMillis()));
                attention = true;
            } else if (c.primary() && above && threshold > 0 && peak < THIN_INCIDENT * threshold) {
                s.append(" peaked at ")
                        .append(fmt(peak))
                        .append(during)
                        .append(", only ")
                        .append(fmt(peak / threshold))
                        .append("× the threshold ")
                        .append(t)
                        .append(": thin margin, a slightly milder incident would not fire");
                attention = true;
            } else {
                s.append(above ? " peaked at " : " fell to ")
                        .append(fmt(peak))
                        .append(during)
                        .append(" (threshold ")
                        .append(t);
                if (above && threshold > 0) {
                    s.append(", ").append(fmt(peak / threshold)).append("×");
                }
                s.append(")");
            }
        }
        Double quietPeak = quietWindow == null ? null : above ? quiet.max() : quiet.min();
        String then = incidentWindow != null ? "; it " : " ";
        if (quietWindow != null && quietPeak == null && incidentWindow == null) {
            s.append(" has no data during ").append(quietWindow.name());
            attention = true;
        } else if (quietPeak != null && c.primary()) {
            // only the value the alert reports speaks for the baseline: a filter such as "request rate > 0.5" is meant
            // to hold there
            String during = " during " + quietWindow.name();
            if (c.holds(quietPeak, threshold)) {
                s.append(then)
                        .append("crossed the threshold ")
                        .append(t)
                        .append(during)
                        .append(above ? " (peak " : " (low ")
                        .append(fmt(quietPeak))
                        .append(")");
                attention = true;
            } else if (above && threshold > 0 && quietPeak >= THIN_BASELINE * threshold) {
                s.append(then)
                        .append("reached ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(", ")
                        .append(pct(quietPeak / threshold))
                        .append(" of the threshold ")
                        .append(t)
                        .append(": thin margin, noise may fire this alert");
                attention = true;
            } else if (above) {
                s.append(then)
                        .append("peaked at ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(
                                threshold > 0
                                        ? " (" + pct(quietPeak / threshold) + " of " + t + ")"
                                        : " (threshold " + t + ")");
            } else {
                s.append(then)
                        .append("stayed at or above ")
                        .append(fmt(quietPeak))
                        .append(during)
                        .append(" (threshold ")
                        .append(t)
                        .append(")");
            }
        } else if (quietPeak != null && incidentWindow == null) {
            s.append(above ? " peaked at " : " fell to ")
                    .append(fmt(quietPeak))
                    .append(" during ")
                    .append(quietWindow.name())
                    .append(" (threshold ")
                    .append(t)
                    .append("; a filter of the rule, expected to hold)");
        }
        return new Note(s.append('.').toString(), attention);
    }

    /** {@code up == 0} and the like: no margin to speak of, only whether the value ever matched. */
    private static Note equality(
            String subject,
            RuleConditions.Condition c,
            double threshold,
            Margins.Peak quiet,
            Margins.Peak incident,
            Window quietWindow,
            Window incidentWindow) {
        Window w = incidentWindow != null ? incidentWindow : quietWindow;
        Margins.Peak p = incidentWindow != null ? incident : quiet;
        if (w == null || p.min() == null) {
            return new Note(
                    capitalised(subject) + " has no data" + (w == null ? "" : " during " + w.name()) + ".", true);
        }
        boolean matched = c.op().equals("==")
                ? p.min() <= threshold && p.max() >= threshold
                : p.min() != threshold || p.max() != threshold;
        String range =
                p.min().equals(p.max()) ? "was " + fmt(p.min()) : "ranged from " + fmt(p.min()) + " to " + fmt(p.max());
        return new Note(
                capitalised(subject) + " " + range + " during " + w.name() + " (the rule fires when it is " + c.op()
                        + " " + fmt(threshold) + ")" + (matched ? ", and it matched." : "."),
                incidentWindow == null && matched);
    }

    private static String capitalised(String s) {
        return s.isEmpty() || s.startsWith("`") ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String fmt(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String pct(double ratio) {
        return Math.round(ratio * 100) + " %";
    }
}
