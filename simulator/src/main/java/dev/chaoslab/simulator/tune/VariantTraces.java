package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.MarginPoint;
import dev.chaoslab.simulator.result.MarginTrace;
import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the margin chart of a variant shows on each recording it was replayed on: the value of the rule's primary
 * comparison (worst matching series per evaluation), the variant's threshold and {@code for}, its replayed
 * episodes of the matching instances, and the run's phases and faults. Pure.
 */
public final class VariantTraces {

    private VariantTraces() {}

    /**
     * One trace per recording of {@code result} for its recommended variant.
     *
     * @param all      the recordings tuned over (those {@code result} did not use are skipped)
     * @param index    which rule of the alert {@code result} is (an alert may have several)
     * @param matchers the label matchers the tuning was restricted to
     */
    public static List<MarginTrace> recommended(
            TuneResult result, List<Recording> all, int index, Map<String, String> matchers) {
        RecordedRule rule = result.rule();
        Variant variant = result.recommended().variant();
        int primary = 0;
        for (int c = 0; c < rule.conditions().size(); c++) {
            if (rule.conditions().get(c).primary()) {
                primary = c;
                break;
            }
        }
        List<MarginTrace> out = new ArrayList<>();
        for (Recording r : all) {
            if (!result.recordings().contains(r.runId())) {
                continue;
            }
            RuleReplay replay = RuleWindows.replay(
                    r,
                    r.rules(rule.alert()).get(index),
                    result.current().variant().windowMs(),
                    variant.windowMs());
            double[] worst = replay.worst(primary, matchers);
            List<MarginPoint> values = new ArrayList<>(worst.length);
            for (int k = 0; k < worst.length; k++) {
                values.add(new MarginPoint(replay.timeOf(k), Double.isNaN(worst[k]) ? null : worst[k]));
            }
            List<LiveEpisode> episodes = new ArrayList<>();
            for (Episode e : replay.replay(variant)) {
                boolean agrees = matchers.entrySet().stream()
                        .allMatch(m -> !e.labels().containsKey(m.getKey())
                                || e.labels().get(m.getKey()).equals(m.getValue()));
                if (agrees) {
                    episodes.add(new LiveEpisode(e.labels(), e.pendingMs(), e.firingMs(), e.resolvedMs()));
                }
            }
            String title = rule.alert() + (result.recommended().current() ? " as it is" : " recommended")
                    + " (threshold "
                    + RuleYaml.number(variant.threshold(primary))
                    + (variant.windowMs() == 0 ? "" : ", window " + RuleYaml.duration(variant.windowMs()))
                    + ", for " + RuleYaml.duration(variant.forMs())
                    + ") on " + r.scenario() + " (" + r.runId() + ")";
            out.add(new MarginTrace(
                    title,
                    rule.conditions().get(primary).left(),
                    rule.conditions().get(primary).op(),
                    variant.threshold(primary),
                    variant.forMs(),
                    values,
                    episodes,
                    r.phases(),
                    r.faults(),
                    Math.max(r.observedUntilMs(), replay.endMs())));
        }
        return out;
    }
}
