package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.chaoslab.simulator.result.Margin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MarginsTest {

    static final long START = 1_700_000_000_000L;
    static final Window BASELINE = new Window("the baseline before the first fault", 0, 60_000);
    static final Window INCIDENT = new Window("chaos[0]", 60_000, 180_000);

    /** One sample per 5 s over 240 s, value by offset ms. */
    static Series series(Map<String, String> labels, LongToDoubleFunction value) {
        List<Sample> samples = new ArrayList<>();
        for (long t = 0; t < 240_000; t += 5_000) {
            samples.add(new Sample(START + t, value.applyAsDouble(t)));
        }
        return new Series(labels, samples);
    }

    static AlertRule rule(String expr, Duration forDuration) {
        return new AlertRule(
                AlertRule.Type.ALERTING,
                "ChaoslabHighErrorRatio",
                expr,
                forDuration,
                Map.of("severity", "page"),
                "g",
                "f.yml",
                Duration.ofSeconds(5),
                "ok",
                null);
    }

    static Margin margin(String expr, Duration forDuration, List<Series> values, Double threshold) {
        RuleConditions.Condition c = RuleConditions.of(expr).get(0);
        return Margins.of(
                rule(expr, forDuration),
                List.of(new Margins.ConditionData(c, values, threshold, null)),
                Map.of("service", "payments"),
                BASELINE,
                INCIDENT,
                START,
                5_000);
    }

    @Test
    @DisplayName("a threshold never crossed is said plainly with the figures")
    void neverCrossed() {
        Series payments = series(Map.of("service", "payments"), t -> INCIDENT.contains(t) ? 0.031 : 0.001);
        Margin m = margin("error_ratio > 0.05", Duration.ofMinutes(1), List.of(payments), 0.05);
        assertThat(m.threshold()).isEqualTo(0.05);
        assertThat(m.baselineMax()).isEqualTo(0.001);
        assertThat(m.incidentMax()).isEqualTo(0.031);
        assertThat(m.longestCrossingMs()).isZero();
        assertThat(m.note())
                .contains("`error_ratio` peaked at 0.031 during chaos[0]; threshold 0.05 was never crossed")
                .contains("it peaked at 0.001 during the baseline before the first fault (2 % of 0.05)");
        assertThat(m.series()).hasSize(48);
        assertThat(m.attention()).isTrue();
    }

    @Test
    @DisplayName("only series agreeing with the expectation's labels count")
    void filtersByLabels() {
        Series payments = series(Map.of("service", "payments"), t -> 0.01);
        Series orders = series(Map.of("service", "orders"), t -> 0.9);
        Margin m = margin("error_ratio > 0.05", Duration.ZERO, List.of(payments, orders), 0.05);
        assertThat(m.incidentMax()).isEqualTo(0.01);
    }

    @Test
    @DisplayName("a crossing shorter than the rule's for: is explained; a thin baseline is flagged")
    void shortCrossingThinBaseline() {
        Series s = series(Map.of("service", "payments"), t -> t >= 100_000 && t < 120_000 ? 0.2 : 0.045);
        Margin m = margin("error_ratio > 0.05", Duration.ofMinutes(2), List.of(s), 0.05);
        assertThat(m.longestCrossingMs()).isEqualTo(20_000);
        assertThat(m.note())
                .contains(
                        "crossed 0.05 (peak 0.2) during chaos[0] for at most 20 s at a time, shorter than the rule's for: 2m00s")
                .contains(
                        "it reached 0.045 during the baseline before the first fault, 90 % of the threshold 0.05: thin margin");
    }

    @Test
    @DisplayName("an incident barely over the threshold is a thin margin; a clear one reads as a multiple")
    void incidentMargins() {
        Series thin = series(Map.of(), t -> INCIDENT.contains(t) ? 0.055 : 0.0);
        assertThat(margin("error_ratio > 0.05", Duration.ZERO, List.of(thin), 0.05)
                        .note())
                .contains("only 1.1× the threshold 0.05: thin margin");
        Series clear = series(Map.of(), t -> INCIDENT.contains(t) ? 0.2 : 0.0);
        Margin clearMargin = margin("error_ratio > 0.05", Duration.ZERO, List.of(clear), 0.05);
        assertThat(clearMargin.note()).contains("peaked at 0.2 during chaos[0] (threshold 0.05, 4×)");
        assertThat(clearMargin.attention()).isFalse();
    }

    @Test
    @DisplayName("a '<' rule tracks the lowest value")
    void belowRule() {
        Series s = series(Map.of("scenario", "x"), t -> INCIDENT.contains(t) ? 0.5 : 1.0);
        Margin m = margin("achieved / scheduled < 0.9", Duration.ZERO, List.of(s), 0.9);
        assertThat(m.incidentMin()).isEqualTo(0.5);
        assertThat(m.baselineMin()).isEqualTo(1.0);
        assertThat(m.note()).contains("fell to 0.5 during chaos[0]");
    }

    @Test
    @DisplayName("each window of a multi-window rule is reported, and a vector threshold is shown as a ratio to it")
    void multiWindowAndVectorThreshold() {
        String expr = "(slo:rate1h > (14.4 * 0.001)) and (slo:rate5m > (14.4 * 0.001))";
        List<RuleConditions.Condition> cs = RuleConditions.of(expr);
        Series slow = series(Map.of(), t -> INCIDENT.contains(t) ? 0.01 : 0.0);
        Series fast = series(Map.of(), t -> INCIDENT.contains(t) ? 0.03 : 0.0);
        Margin m = Margins.of(
                rule(expr, Duration.ofMinutes(2)),
                List.of(
                        new Margins.ConditionData(cs.get(0), List.of(slow), 0.0144, null),
                        new Margins.ConditionData(cs.get(1), List.of(fast), 0.0144, null)),
                Map.of(),
                BASELINE,
                INCIDENT,
                START,
                5_000);
        assertThat(m.conditions()).hasSize(2);
        assertThat(m.expr()).isEqualTo("slo:rate1h");
        assertThat(m.note())
                .contains("`slo:rate1h` peaked at 0.01", "was never crossed", "`slo:rate5m` peaked at 0.03");

        RuleConditions.Condition vector =
                RuleConditions.of("rate_now > 3 * rate_avg").get(0);
        Series now = series(Map.of("service", "gateway"), t -> INCIDENT.contains(t) ? 60 : 10);
        Series threshold = series(Map.of("service", "gateway"), t -> 30); // 3 * rate_avg, as Prometheus evaluates it
        Margin v = Margins.of(
                rule("rate_now > 3 * rate_avg", Duration.ZERO),
                List.of(new Margins.ConditionData(vector, List.of(now), null, List.of(threshold))),
                Map.of(),
                BASELINE,
                INCIDENT,
                START,
                5_000);
        assertThat(v.relativeToThreshold()).isTrue();
        assertThat(v.incidentMax()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    @DisplayName(
            "a filter condition (minimum request rate) holding in the baseline needs no attention; the reported value does")
    void filterCondition() {
        String expr = "(error_ratio > 0.05) and on (service) (request_rate > 0.5)";
        List<RuleConditions.Condition> cs = RuleConditions.of(expr);
        Series ratio = series(Map.of(), t -> INCIDENT.contains(t) ? 0.3 : 0.0);
        Series rate = series(Map.of(), t -> 7.0);
        Margin m = Margins.of(
                rule(expr, Duration.ofMinutes(1)),
                List.of(
                        new Margins.ConditionData(cs.get(0), List.of(ratio), 0.05, null),
                        new Margins.ConditionData(cs.get(1), List.of(rate), 0.5, null)),
                Map.of(),
                BASELINE,
                INCIDENT,
                START,
                5_000);
        assertThat(m.attention()).isFalse();
        assertThat(m.conditions().get(1).filter()).isTrue();
        assertThat(m.note())
                .contains("`request_rate` peaked at 7 during chaos[0] (threshold 0.5, 14×).")
                .doesNotContain("crossed the threshold 0.5");
    }

    @Test
    @DisplayName("an equality rule such as 'up == 0' says whether the value ever matched")
    void equality() {
        RuleConditions.Condition c = RuleConditions.of("up == 0").get(0);
        AlertRule down = new AlertRule(
                AlertRule.Type.ALERTING,
                "ChaoslabTargetDown",
                "up == 0",
                Duration.ofMinutes(1),
                Map.of(),
                "g",
                "f.yml",
                Duration.ofSeconds(5),
                "ok",
                null);
        Series up = series(Map.of("job", "gateway"), t -> 1.0);
        Series flaky = series(Map.of("job", "orders"), t -> t == 5_000 ? 0.0 : 1.0);
        Margin quiet = Margins.of(
                down,
                List.of(new Margins.ConditionData(c, List.of(up), 0.0, null)),
                Map.of(),
                new Window("the run", 0, 240_000),
                null,
                START,
                5_000);
        assertThat(quiet.note()).isEqualTo("`up` was 1 during the run (the rule fires when it is == 0).");
        assertThat(quiet.attention()).isFalse();
        Margin matched = Margins.of(
                down,
                List.of(new Margins.ConditionData(c, List.of(up, flaky), 0.0, null)),
                Map.of(),
                new Window("the run", 0, 240_000),
                null,
                START,
                5_000);
        assertThat(matched.note()).contains("ranged from 0 to 1 during the run", "and it matched");
        assertThat(matched.attention()).isTrue();
    }

    @Test
    @DisplayName("no data for the labels is reported as such")
    void noData() {
        Margin m = margin("error_ratio > 0.05", Duration.ZERO, List.of(), 0.05);
        assertThat(m.note()).contains("returned no data for {service=payments}");
    }
}
