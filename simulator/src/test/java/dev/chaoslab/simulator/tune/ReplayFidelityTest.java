package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.Recording;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The replay of the unchanged rules over real recorded runs against what Prometheus itself reported during those
 * runs (its alerts as polled live). The replay's transitions lie on the recorded evaluation grid, within one
 * evaluation interval of Prometheus' own evaluations; a live transition is known only when a poll saw it, up to
 * one poll interval (= the evaluation interval) later, more when a poll was late. So: firing within one evaluation
 * interval, and pending/resolved within one evaluation interval plus one poll interval (on the committed
 * recordings, made on a heavily loaded machine, 3 of 13 resolutions were seen 5.4 to 7.2 s after the replay's).
 */
class ReplayFidelityTest {

    @Test
    @DisplayName(
            "the replay of the unchanged rules fires within one evaluation interval of Prometheus' live alerts on the shipped scenarios' recordings, and resolves within the polling bound")
    void replayMatchesLive() throws Exception {
        List<String> mismatches = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        for (Path file : Fixtures.real()) {
            Recording recording = RecordingFiles.read(file);
            for (RecordedRule rule : recording.rules()) {
                if (rule.unsplit() != null || rule.conditions().isEmpty()) {
                    continue;
                }
                List<Episode> replayed = new RuleReplay(rule).replay(new RuleReplay(rule).current());
                long tolerance = rule.intervalMs();
                long observed = 2 * rule.intervalMs();
                for (LiveEpisode live : rule.live()) {
                    if (live.firingMs() == null) {
                        continue;
                    }
                    Episode match = replayed.stream()
                            .filter(e -> e.fired() && sameInstance(live.labels(), e.labels()))
                            .min((a, b) -> Long.compare(
                                    Math.abs(a.firingMs() - live.firingMs()), Math.abs(b.firingMs() - live.firingMs())))
                            .orElse(null);
                    String what = file.getFileName() + " " + rule.alert() + live.labels();
                    if (match == null) {
                        mismatches.add(what + ": fired live at " + live.firingMs() + " ms, never in the replay");
                        continue;
                    }
                    compared.add(what + " firing live " + live.firingMs() + " replay " + match.firingMs()
                            + ", resolved live " + live.resolvedMs() + " replay " + match.resolvedMs());
                    if (Math.abs(match.firingMs() - live.firingMs()) > tolerance) {
                        mismatches.add(what + ": firing live at " + live.firingMs() + " ms, replay " + match.firingMs()
                                + " ms");
                    }
                    if (live.resolvedMs() != null
                            && (match.resolvedMs() == null
                                    || Math.abs(match.resolvedMs() - live.resolvedMs()) > observed)) {
                        mismatches.add(what + ": resolved live at " + live.resolvedMs() + " ms, replay "
                                + match.resolvedMs() + " ms");
                    }
                    if (live.pendingMs() != null && Math.abs(match.pendingMs() - live.pendingMs()) > observed) {
                        mismatches.add(what + ": pending live at " + live.pendingMs() + " ms, replay "
                                + match.pendingMs() + " ms");
                    }
                }
            }
        }
        assertThat(compared).as("firing episodes compared").hasSizeGreaterThanOrEqualTo(3);
        assertThat(mismatches).as("compared:%n%s", String.join("\n", compared)).isEmpty();
    }

    /** A live alert carries the rule's labels and alertname on top of the expression's. */
    private static boolean sameInstance(Map<String, String> live, Map<String, String> replayed) {
        return replayed.entrySet().stream().allMatch(e -> e.getValue().equals(live.get(e.getKey())));
    }
}
