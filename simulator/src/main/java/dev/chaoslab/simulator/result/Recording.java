package dev.chaoslab.simulator.result;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The series behind every alert rule a run checked, with the run's phase and fault windows: what {@code tune}
 * replays offline. Written beside the report as {@code recording.json}. Times are ms from {@code startedAt}.
 *
 * @param observedUntilMs the end of the recorded data (the run's end plus its settle time)
 * @param rules           one entry per checked rule, in the order of the scenario's expectations
 * @param recordingRules  the expression of each recording rule a checked rule reads, by the name it records
 * @param counters        the raw series under the {@code rate()}/{@code increase()} selectors of the checked rules
 *                        and of the recording rules they read (one level), one entry per distinct selector
 */
public record Recording(
        String runId,
        String scenario,
        Instant startedAt,
        long endMs,
        long observedUntilMs,
        List<RunTimeline.PhaseWindow> phases,
        List<RunTimeline.FaultWindow> faults,
        List<RecordedRule> rules,
        Map<String, String> recordingRules,
        List<RecordedCounter> counters) {

    public Recording {
        if (runId == null || startedAt == null) {
            throw new IllegalArgumentException("a recording needs a run id and a start");
        }
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
        rules = List.copyOf(rules);
        recordingRules = Map.copyOf(recordingRules);
        counters = List.copyOf(counters);
    }

    /** The recorded counter of {@code selector} (as {@link RecordedCounter#selector()} spells it). */
    public Optional<RecordedCounter> counter(String selector) {
        return counters.stream().filter(c -> c.selector().equals(selector)).findFirst();
    }

    /** The recorded rules of {@code alert}, in order (an alert may have several rules). */
    public List<RecordedRule> rules(String alert) {
        return rules.stream().filter(r -> r.alert().equals(alert)).toList();
    }

    public Optional<RunTimeline.PhaseWindow> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
