package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.RunTimeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TunerTest {

    @Test
    @DisplayName(
            "on an error burst the current rule fires `for` after the ratio crosses, and a shorter for is recommended as it adds no false alarm")
    void recommendsShorterFor() {
        Recording run = Fixtures.errorBurst("r1", 120_000, 240_000, 480_000);
        TuneResult r = new Tuner(Tuner.DEFAULT_GRACE_MS, Map.of())
                .tune(List.of(run), "ChaoslabHighErrorRatio")
                .get(0);
        Score current = r.current().score();
        assertThat(current.faults()).isEqualTo(1);
        assertThat(current.missed()).isZero();
        assertThat(current.meanTimeToFireMs()).isEqualTo(80_000L); // 20 s until the ratio crosses, then for: 1m
        assertThat(current.falseAlarmMs()).isZero();
        Variant best = r.recommended().variant();
        assertThat(best.forMs()).isZero();
        assertThat(best.threshold(0)).isEqualTo(0.05); // ties keep the threshold closest to the current one
        assertThat(best.threshold(1)).isEqualTo(0.5); // the rate filter never moves
        assertThat(r.recommended().score().meanTimeToFireMs()).isEqualTo(20_000L);
        assertThat(r.why()).contains("for: 0s (was 1m)").contains("detects 1 of 1 fault in 20 s");
        assertThat(r.yamlDiff()).contains("-  for: 1m").contains("+  for: 0s");
        assertThat(r.front()).allMatch(TuneRow::pareto);
    }

    @Test
    @DisplayName("a threshold below the baseline noise is scored with its false-alarm time and not recommended")
    void falseAlarmsCount() {
        Recording run = Fixtures.errorBurst("r1", 120_000, 240_000, 480_000);
        RuleReplay replay = new RuleReplay(run.rules().get(0));
        Variant noisy = new Variant(new double[] {0.005, 0.5}, 0, 0, 0);
        Score s = new Tuner(Tuner.DEFAULT_GRACE_MS, Map.of()).score(List.of(run), List.of(replay), noisy);
        assertThat(s.falseAlarmMs()).isEqualTo(s.quietMs()).isPositive();
    }

    @Test
    @DisplayName(
            "an alert that fires only after its fault ended resolves when it stops firing, not at the fault's end while still pending")
    void resolvesAfterItFired() {
        // the ratio is high from 140 s to 170 s, the fault 120-150 s: for: 20s pends at 140 s, fires at 160 s (after
        // the fault ended) and resolves at 170 s, 20 s after the fault's end
        Recording run = Fixtures.errorBurst("r1", 120_000, 150_000, 480_000);
        RuleReplay replay = new RuleReplay(run.rules().get(0));
        Variant late = new Variant(new double[] {0.05, 0.5}, 20_000, 0, 0);
        Score s = new Tuner(Tuner.DEFAULT_GRACE_MS, Map.of()).score(List.of(run), List.of(replay), late);
        assertThat(s.missed()).isZero();
        assertThat(s.meanTimeToFireMs()).isEqualTo(40_000L);
        assertThat(s.meanTimeToResolveMs()).isEqualTo(20_000L);
    }

    @Test
    @DisplayName("an unknown alert, no recordings and a rule without comparisons are refused with a message")
    void badInput() {
        Recording run = Fixtures.errorBurst("r1", 120_000, 240_000, 480_000);
        Tuner tuner = new Tuner(0, Map.of());
        assertThatThrownBy(() -> tuner.tune(List.of(run), "NoSuchAlert"))
                .isInstanceOf(UntunableRuleException.class)
                .hasMessageContaining("recorded alerts: ChaoslabHighErrorRatio");
        assertThatThrownBy(() -> tuner.tune(List.of(), "ChaoslabHighErrorRatio"))
                .isInstanceOf(UntunableRuleException.class)
                .hasMessageContaining("no recordings");
        RecordedRule absent =
                new RecordedRule("Absent", null, null, "absent(up)", 0, 0, 5000, Map.of(), List.of(), null, List.of());
        Recording noSides = new Recording(
                "r2",
                null,
                Instant.EPOCH,
                1000,
                1000,
                List.<RunTimeline.PhaseWindow>of(),
                List.<RunTimeline.FaultWindow>of(),
                List.of(absent),
                Map.of(),
                List.of());
        assertThatThrownBy(() -> tuner.tune(List.of(noSides), "Absent"))
                .isInstanceOf(UntunableRuleException.class)
                .hasMessageContaining("no threshold comparison to split");
    }

    @Test
    @DisplayName("thresholds are rewritten in the expression's own text, comparison by comparison")
    void yamlRewrite() {
        RecordedRule rule = Fixtures.errorBurst("r1", 0, 1, 10_000).rules().get(0);
        String expr = RuleYaml.expr(rule, new Variant(new double[] {0.035, 0.5}, 0, 0, 0));
        assertThat(expr)
                .isEqualTo("(service:errors:ratio_rate1m > 0.035) and on (service) (service:requests:rate1m > 0.5)");
        assertThat(PromtoolTests.expanding(new double[] {1, 1, 1, Double.NaN, Double.NaN, 2}))
                .isEqualTo("1.0+0x2 stale _ 2.0");
    }
}
