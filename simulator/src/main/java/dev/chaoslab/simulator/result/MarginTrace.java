package dev.chaoslab.simulator.result;

import java.util.List;

/**
 * One alert rule variant replayed over one recorded run, as a margin chart shows it: the rule's value at each
 * evaluation against the variant's threshold, the variant's pending and firing episodes, and the run's phases and
 * faults. Times are ms from the run start.
 *
 * @param title    what the chart shows, e.g. the alert, the variant and the run
 * @param value    the compared expression (the left side of the rule's primary comparison)
 * @param values   its worst value over the matching series at each evaluation (null where it had none)
 * @param episodes the variant's episodes in the replay (labels, pending, firing, resolved)
 * @param endMs    the end of the recorded data
 */
public record MarginTrace(
        String title,
        String value,
        String op,
        double threshold,
        long forMs,
        List<MarginPoint> values,
        List<RecordedRule.LiveEpisode> episodes,
        List<RunTimeline.PhaseWindow> phases,
        List<RunTimeline.FaultWindow> faults,
        long endMs) {

    public MarginTrace {
        values = List.copyOf(values);
        episodes = List.copyOf(episodes);
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
    }
}
