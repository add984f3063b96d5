package dev.chaoslab.simulator.alerts;

import java.util.List;
import java.util.Map;

/** A Prometheus series with its samples in time order (one sample for an instant query, many for a range). */
public record Series(Map<String, String> labels, List<Sample> samples) {

    public Series {
        labels = Map.copyOf(labels);
        samples = List.copyOf(samples);
    }

    /** True when every given label that this series carries has the given value; labels it lacks are ignored. */
    public boolean agreesWith(Map<String, String> matchers) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            String value = labels.get(m.getKey());
            if (value != null && !value.equals(m.getValue())) {
                return false;
            }
        }
        return true;
    }
}
