package dev.chaoslab.simulator.result;

import java.util.List;

/**
 * How close an alert rule came to its threshold during the run: one comparison of the rule (or, at top level,
 * the first, with the rule's name and {@code for}, every comparison in {@code conditions} when there are several,
 * and the other rules of the same alert in {@code otherRules}). Figures are null where they do not apply or could
 * not be computed ({@code error} then says why); values may be infinite.
 *
 * @param threshold           the constant threshold, or null when it is a series ({@code relativeToThreshold})
 * @param filter              whether the comparison only filters (the right operand of an {@code and})
 * @param longestCrossingMs   the longest stretch past the threshold in the incident window
 * @param series              the worst series, downsampled; null when not computed
 * @param attention           whether the note should be read: a thin margin, a threshold never crossed, no data
 */
public record Margin(
        String rule,
        Long forMs,
        String expr,
        String op,
        Double threshold,
        String thresholdExpr,
        Boolean filter,
        Boolean relativeToThreshold,
        Double baselineMax,
        Double incidentMax,
        Double baselineMin,
        Double incidentMin,
        Long longestCrossingMs,
        List<MarginPoint> series,
        String note,
        Boolean attention,
        String error,
        List<Margin> conditions,
        List<Margin> otherRules) {

    public Margin {
        series = series == null ? null : List.copyOf(series);
        conditions = conditions == null ? null : List.copyOf(conditions);
        otherRules = otherRules == null ? null : List.copyOf(otherRules);
    }

    /** A margin that has only a note (and maybe an error): nothing could be measured. */
    public static Margin noted(String rule, String expr, String error, String note) {
        return new Margin(
                rule, null, expr, null, null, null, null, null, null, null, null, null, null, null, note, null, error,
                null, null);
    }

    /** This comparison as the rule's margin: the rule's name and {@code for}, a note and attention over all. */
    public Margin forRule(
            String ruleName, long ruleForMs, String ruleNote, boolean ruleAttention, List<Margin> ruleConditions) {
        return new Margin(
                ruleName,
                ruleForMs,
                expr,
                op,
                threshold,
                thresholdExpr,
                filter,
                relativeToThreshold,
                baselineMax,
                incidentMax,
                baselineMin,
                incidentMin,
                longestCrossingMs,
                series,
                ruleNote,
                ruleAttention,
                error,
                ruleConditions,
                otherRules);
    }

    /** This margin with the margins of the alert's other rules. */
    public Margin withOtherRules(List<Margin> others) {
        return new Margin(
                rule,
                forMs,
                expr,
                op,
                threshold,
                thresholdExpr,
                filter,
                relativeToThreshold,
                baselineMax,
                incidentMax,
                baselineMin,
                incidentMin,
                longestCrossingMs,
                series,
                note,
                attention,
                error,
                conditions,
                others);
    }

    /** Whether the note asks to be read. */
    public boolean needsAttention() {
        return Boolean.TRUE.equals(attention);
    }
}
