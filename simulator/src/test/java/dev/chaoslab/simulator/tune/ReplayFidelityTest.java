package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The replay of the unchanged rules over real recorded runs against what Prometheus itself did during those runs:
 * its {@code ALERTS} samples, stamped with its own evaluation times. The replay's transitions lie on the recorded
 * evaluation grid (the run's start plus whole intervals), which is offset from Prometheus' evaluations by less than
 * one interval; so every transition, pending, firing and resolved, agrees within one evaluation interval.
 */
class ReplayFidelityTest {

    @Test
    @DisplayName(
            "every transition of the replay of the unchanged rules (pending, firing, resolved) is within one evaluation interval of Prometheus' own on the shipped scenarios' recordings")
    void replayMatchesLive() throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (Path file : Fixtures.real()) {
            Recording recording = RecordingFiles.read(file);
            // an alert may have several rules (each sees all of the alert's live episodes): replay them all
            Map<String, List<RecordedRule>> byAlert = new LinkedHashMap<>();
            recording
                    .rules()
                    .forEach(r -> byAlert.computeIfAbsent(r.alert(), a -> new ArrayList<>())
                            .add(r));
            for (List<RecordedRule> rules : byAlert.values()) {
                if (rules.stream()
                        .anyMatch(r -> r.unsplit() != null || r.conditions().isEmpty())) {
                    continue;
                }
                RecordedRule rule = rules.get(0);
                List<Episode> replayed = new ArrayList<>();
                for (RecordedRule r : rules) {
                    replayed.addAll(new RuleReplay(r).replay(new RuleReplay(r).current(0)));
                }
                long tolerance = rule.intervalMs();
                for (LiveEpisode live : rule.live()) {
                    String what = file.getFileName() + " " + rule.alert() + live.labels();
                    Episode match = replayed.stream()
                            .filter(e -> sameInstance(live.labels(), e.labels()))
                            .min((a, b) -> Long.compare(
                                    Math.abs(a.pendingMs() - live.pendingMs()),
                                    Math.abs(b.pendingMs() - live.pendingMs())))
                            .orElse(null);
                    if (match == null) {
                        mismatches.add(what + ": pending live at " + live.pendingMs() + " ms, never in the replay");
                        continue;
                    }
                    compared.add(what + " live " + live.pendingMs() + "/" + live.firingMs() + "/" + live.resolvedMs()
                            + " replay " + match.pendingMs() + "/" + match.firingMs() + "/" + match.resolvedMs());
                    check(mismatches, what, "pending", live.pendingMs(), match.pendingMs(), tolerance);
                    check(mismatches, what, "firing", live.firingMs(), match.firingMs(), tolerance);
                    check(mismatches, what, "resolved", live.resolvedMs(), match.resolvedMs(), tolerance);
                }
            }
        }
        assertThat(compared).as("episodes compared").hasSizeGreaterThanOrEqualTo(10);
        assertThat(mismatches).as("compared:%n%s", String.join("\n", compared)).isEmpty();
    }

    /** Both happened within {@code tolerance} of each other, or neither happened. */
    private static void check(
            List<String> mismatches, String what, String transition, Long live, Long replay, long tolerance) {
        if (live == null && replay == null) {
            return;
        }
        if (live == null || replay == null || Math.abs(live - replay) > tolerance) {
            mismatches.add(what + ": " + transition + " live at " + live + " ms, replay " + replay + " ms");
        }
    }

    /** A live alert carries the rule's labels and alertname on top of the expression's. */
    private static boolean sameInstance(Map<String, String> live, Map<String, String> replayed) {
        return replayed.entrySet().stream().allMatch(e -> e.getValue().equals(live.get(e.getKey())));
    }
}
