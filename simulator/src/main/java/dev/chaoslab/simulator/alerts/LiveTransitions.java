package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's live episodes read from Prometheus' own {@code ALERTS} series, exact to the evaluation: Prometheus
 * writes one sample per evaluation while an instance is pending ({@code alertstate="pending"}) or firing, stamped
 * with that evaluation's time. So an episode becomes pending at its first sample, fires at its first firing sample
 * and resolves at the evaluation after its last sample (where Prometheus found it inactive). A gap of more than
 * one and a half evaluation intervals between samples ends an episode. Pure.
 */
final class LiveTransitions {

    private static final String STATE = "alertstate";

    private LiveTransitions() {}

    /** The {@code ALERTS} selector of one alert, as a range over {@code rangeMs} (raw samples with their timestamps). */
    static String query(String alert, long rangeMs) {
        String name = alert.replace("\\", "\\\\").replace("\"", "\\\"");
        return "ALERTS{alertname=\"" + name + "\"}[" + Math.max(1, (rangeMs + 999) / 1000) + "s]";
    }

    /**
     * The episodes in {@code alerts} (the answer to {@link #query}), ms from the run start, by instance in order of
     * first appearance then by time; empty when it holds no {@code ALERTS} series.
     *
     * @param endMs the end of the recorded data: an instance sampled within one interval before it is still active
     */
    static List<LiveEpisode> of(List<Series> alerts, long runStartMs, long endMs, long intervalMs) {
        Map<Map<String, String>, TreeMap<Long, Boolean>> byInstance = new LinkedHashMap<>();
        for (Series s : alerts) {
            String state = s.labels().get(STATE);
            if (state == null) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.remove(STATE);
            labels.remove("__name__");
            TreeMap<Long, Boolean> samples = byInstance.computeIfAbsent(labels, l -> new TreeMap<>());
            for (Sample x : s.samples()) {
                long t = x.timeMs() - runStartMs;
                if (t <= endMs && !Double.isNaN(x.value())) {
                    samples.merge(t, "firing".equals(state), Boolean::logicalOr);
                }
            }
        }
        List<LiveEpisode> out = new ArrayList<>();
        long gap = intervalMs * 3 / 2;
        for (Map.Entry<Map<String, String>, TreeMap<Long, Boolean>> e : byInstance.entrySet()) {
            Long pending = null;
            Long firing = null;
            Long last = null;
            for (Map.Entry<Long, Boolean> sample : e.getValue().entrySet()) {
                long t = sample.getKey();
                if (last != null && t - last > gap) {
                    out.add(new LiveEpisode(e.getKey(), pending, firing, last + intervalMs));
                    pending = null;
                    firing = null;
                }
                if (pending == null) {
                    pending = t;
                }
                if (firing == null && sample.getValue()) {
                    firing = t;
                }
                last = t;
            }
            if (last != null) {
                boolean open = endMs - last <= gap;
                out.add(new LiveEpisode(e.getKey(), pending, firing, open ? null : last + intervalMs));
            }
        }
        out.sort(Comparator.comparing(LiveEpisode::pendingMs));
        return out;
    }
}
