package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link WindowExpr} on the shapes of the shipped rules, and the shapes it refuses. */
class WindowExprTest {

    static final String SEL = "vertx_http_server_requests_total{route!~\"/metrics|/health\"}";
    static final Map<String, String> RULES = Map.of(
            "service:requests:rate1m",
            "sum by (service) (rate(" + SEL + "[1m]))",
            "service:errors:ratio_rate1m",
            "(\n  sum by (service) (rate(vertx_http_server_requests_total{code=~\"5..\",route!~\"/metrics|/health\"}[1m]))\n"
                    + "or\n  0 * sum by (service) (rate(" + SEL + "[1m]))\n)\n/\nsum by (service) (rate(" + SEL
                    + "[1m]))",
            "service:p99_rate1m",
            "histogram_quantile(0.99, sum by (service, le) (rate(x_bucket[1m])))");

    @Test
    @DisplayName("a recording rule read is expanded one level and its window found; the window moves everywhere")
    void expands() {
        WindowExpr.Node ratio = WindowExpr.parse("service:errors:ratio_rate1m", RULES);
        assertThat(WindowExpr.ranges(ratio)).containsExactly(60_000L);
        assertThat(WindowExpr.ranges(WindowExpr.rewindow(ratio, 60_000, 120_000)))
                .containsExactly(120_000L);
        WindowExpr.Node direct = WindowExpr.parse(
                "sum by (service) (rate(vertx_http_server_requests_total{code=~\"502|504\"}[1m]))\n"
                        + "  / on (service)\nservice:requests:rate1m",
                RULES);
        assertThat(direct).isInstanceOf(WindowExpr.Binary.class);
        assertThat(((WindowExpr.Binary) direct).on()).containsExactly("service");
        assertThat(((WindowExpr.Rate) ((WindowExpr.Sum) ((WindowExpr.Binary) direct).left()).arg()).selector())
                .isEqualTo("vertx_http_server_requests_total{code=~\"502|504\"}");
    }

    @Test
    @DisplayName("other functions, offsets, subqueries and unknown series are refused, naming the shape")
    void refuses() {
        assertThatThrownBy(() -> WindowExpr.parse("service:p99_rate1m", RULES))
                .isInstanceOf(WindowFixedException.class)
                .hasMessageContaining("histogram_quantile")
                .hasMessageContaining("not re-windowable");
        assertThatThrownBy(() -> WindowExpr.parse("1 - sum by (s) (avg_over_time(x[1m]))", RULES))
                .hasMessageContaining("avg_over_time");
        assertThatThrownBy(() -> WindowExpr.parse("max_over_time(service:requests:rate1m[30m] offset 2m)", RULES))
                .hasMessageContaining("max_over_time");
        assertThatThrownBy(() -> WindowExpr.parse("sum(rate(x[1m] offset 1m))", RULES))
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> WindowExpr.parse("up", RULES)).hasMessageContaining("`up`");
        assertThatThrownBy(() -> WindowExpr.parse("rate(x[1m]) * on (a) group_left rate(y[1m])", RULES))
                .hasMessageContaining("group_left");
    }

    @Test
    @DisplayName("the rule's text moves to the new window: ranges in place, recording rules renamed and added")
    void text() {
        RuleWindowText moved = RuleWindowText.of(
                "(service:errors:ratio_rate1m > 0.05) and on (service) (service:requests:rate1m > 0.5)",
                RULES,
                60_000,
                120_000);
        assertThat(moved.alertExpr(
                        "(service:errors:ratio_rate1m > 0.05) and on (service) (service:requests:rate1m > 0.5)"))
                .isEqualTo("(service:errors:ratio_rate2m > 0.05) and on (service) (service:requests:rate2m > 0.5)");
        assertThat(moved.recordingRules()).containsOnlyKeys("service:errors:ratio_rate2m", "service:requests:rate2m");
        assertThat(moved.recordingRules().get("service:requests:rate2m"))
                .isEqualTo("sum by (service) (rate(" + SEL + "[2m]))");
        RuleWindowText direct = RuleWindowText.of("sum(rate(x[1m])) > 0", Map.of(), 60_000, 30_000);
        assertThat(direct.alertExpr("sum(rate(x[1m])) > 0")).isEqualTo("sum(rate(x[30s])) > 0");
        assertThat(direct.recordingRules()).isEmpty();
    }
}
