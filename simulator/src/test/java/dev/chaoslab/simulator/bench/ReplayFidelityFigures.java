package dev.chaoslab.simulator.bench;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.RecordedRule.LiveEpisode;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.tune.Episode;
import dev.chaoslab.simulator.tune.RecordingFiles;
import dev.chaoslab.simulator.tune.RuleReplay;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints (not a test) every live episode of the given recordings next to the replay's nearest episode of the same
 * instance (of any rule of the alert), and the largest difference per transition: the figures behind {@code ReplayFidelityTest}.
 *
 * <pre>
 * java -cp simulator/target/test-classes:simulator/target/classes:$(cat /tmp/cp.txt) \
 *   dev.chaoslab.simulator.bench.ReplayFidelityFigures A.recording.json [B.recording.json ...]
 * </pre>
 */
public final class ReplayFidelityFigures {

    private ReplayFidelityFigures() {}

    public static void main(String[] args) {
        long[] worst = new long[3];
        int[] count = new int[3];
        for (String arg : args) {
            Recording recording = RecordingFiles.read(Path.of(arg));
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
                    RuleReplay replay = new RuleReplay(r);
                    replayed.addAll(replay.replay(replay.current(0)));
                }
                for (LiveEpisode live : rule.live()) {
                    Episode match = replayed.stream()
                            .filter(e -> same(live.labels(), e.labels()))
                            .min((a, b) -> Long.compare(
                                    Math.abs(a.pendingMs() - live.pendingMs()),
                                    Math.abs(b.pendingMs() - live.pendingMs())))
                            .orElse(null);
                    System.out.printf(
                            "%s %s %s live %s/%s/%s replay %s%n",
                            recording.scenario(),
                            rule.alert(),
                            live.labels().get("service"),
                            live.pendingMs(),
                            live.firingMs(),
                            live.resolvedMs(),
                            match == null
                                    ? "none"
                                    : match.pendingMs() + "/" + match.firingMs() + "/" + match.resolvedMs());
                    if (match == null) {
                        continue;
                    }
                    Long[] l = {live.pendingMs(), live.firingMs(), live.resolvedMs()};
                    Long[] r = {match.pendingMs(), match.firingMs(), match.resolvedMs()};
                    for (int i = 0; i < 3; i++) {
                        if (l[i] != null && r[i] != null) {
                            worst[i] = Math.max(worst[i], Math.abs(l[i] - r[i]));
                            count[i]++;
                        }
                    }
                }
            }
        }
        System.out.printf(
                "largest difference: pending %d ms (%d compared), firing %d ms (%d), resolved %d ms (%d)%n",
                worst[0], count[0], worst[1], count[1], worst[2], count[2]);
    }

    private static boolean same(Map<String, String> live, Map<String, String> replayed) {
        return replayed.entrySet().stream().allMatch(e -> e.getValue().equals(live.get(e.getKey())));
    }
}
