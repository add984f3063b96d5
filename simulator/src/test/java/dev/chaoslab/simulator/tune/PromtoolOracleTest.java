package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against the real {@code promtool test rules}: promtool evaluates the rule with Prometheus' own rule
 * engine on the recorded series, and every transition the replay produces must be where promtool sees it.
 */
class PromtoolOracleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "promtool agrees with the replay of every recorded rule, unchanged and as recommended, on the real recordings")
    void realRecordings() throws Exception {
        List<Path> files = Fixtures.real();
        assertThat(files).as("committed recordings under " + Fixtures.REAL).hasSizeGreaterThanOrEqualTo(4);
        int checked = 0;
        for (Path file : files) {
            Recording recording = RecordingFiles.read(file);
            for (RecordedRule rule : recording.rules()) {
                if (rule.unsplit() != null || rule.conditions().isEmpty()) {
                    continue;
                }
                long own = RuleWindows.of(recording, rule).windowMs();
                check(rule, new RuleReplay(rule).current(own), recording, file.getFileName() + "-" + checked);
                TuneResult tuned = new Tuner(Tuner.DEFAULT_GRACE_MS, Map.of())
                        .tune(List.of(recording), rule.alert()).stream()
                                .filter(r -> r.rule().expr().equals(rule.expr()))
                                .findFirst()
                                .orElseThrow();
                check(rule, tuned.recommended().variant(), recording, file.getFileName() + "-rec-" + checked);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName(
            "promtool agrees with the replay over 30s and 2m of every re-windowable recorded rule, fed the raw counters")
    void otherWindows() throws Exception {
        int checked = 0;
        for (Path file : Fixtures.real()) {
            Recording recording = RecordingFiles.read(file);
            for (RecordedRule rule : recording.rules()) {
                if (rule.unsplit() != null
                        || rule.conditions().isEmpty()
                        || RuleWindows.of(recording, rule).fixed() != null) {
                    continue;
                }
                for (long window : new long[] {30_000, 120_000}) {
                    Variant v = new RuleReplay(rule).current(window);
                    check(rule, v, recording, file.getFileName() + "-w" + window + "-" + checked);
                }
                checked++;
            }
        }
        assertThat(checked).as("re-windowable rules in the recordings").isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("promtool agrees with the replay of a synthetic burst, with for: 1m and with keep_firing_for")
    void synthetic() throws Exception {
        Recording r = Fixtures.errorBurst("synthetic-1", 120_000, 240_000, 480_000);
        RuleReplay replay = new RuleReplay(r.rules().get(0));
        check(r.rules().get(0), replay.current(0), r, "a");
        check(r.rules().get(0), new Variant(new double[] {0.05, 0.5}, 15_000, 30_000, 0), r, "b");
    }

    /** Writes the promtool files of {@code v} (over its window, fed the counters where it moved) and runs promtool. */
    private void check(RecordedRule rule, Variant v, Recording recording, String name) throws Exception {
        long own = RuleWindows.of(recording, rule).windowMs();
        RuleReplay replay = RuleWindows.replay(recording, rule, own, v.windowMs());
        PromtoolTests.Files files = PromtoolTests.of(rule, own, v, List.of(recording), List.of(replay));
        Path sub = Files.createDirectories(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")));
        Files.writeString(sub.resolve(files.rulesName()), files.rules(), StandardCharsets.UTF_8);
        Path test = Files.writeString(sub.resolve(files.testName()), files.test(), StandardCharsets.UTF_8);
        String output = promtool(sub, test);
        assertThat(output)
                .as("promtool on %s (%s):%n%s%n%s", name, v, files.rules(), output)
                .contains("SUCCESS");
    }

    static String promtool(Path workDir, Path test) throws Exception {
        List<String> command = new ArrayList<>(
                List.of("promtool", "test", "rules", test.getFileName().toString()));
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("promtool is not installed (scripts/install-deps.sh installs Debian's prometheus package): "
                    + e.getMessage());
            throw e;
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool did not finish in 120 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "\nexit " + p.exitValue();
    }
}
