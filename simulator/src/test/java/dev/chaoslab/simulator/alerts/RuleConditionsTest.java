package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class RuleConditionsTest {

    @Test
    @DisplayName("a plain 'expr > number' splits into the expression and a literal threshold")
    void plainComparison() {
        List<RuleConditions.Condition> c = RuleConditions.of(
                "sum by (service) (rate(vertx_http_server_requests_total{code=~\"5..\"}[1m])) / sum by (service) (rate(vertx_http_server_requests_total[1m])) > 0.05");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).left()).startsWith("sum by (service)").endsWith("[1m]))");
        assertThat(c.get(0).op()).isEqualTo(">");
        assertThat(c.get(0).literal()).isEqualTo(0.05);
        assertThat(c.get(0).firesAbove()).isTrue();
    }

    @Test
    @DisplayName(
            "a multi-window multi-burn-rate rule gives one condition per window, with scalar threshold expressions")
    void burnRate() {
        String expr = """
      (
        slo:availability_error_ratio:rate1h{service="payments"} > (14.4 * (1 - 0.999))
      and
        slo:availability_error_ratio:rate5m{service="payments"} > (14.4 * (1 - 0.999))
      )
      or
      (
        slo:availability_error_ratio:rate6h > on(service) group_left() (6 * (1 - 0.999))
        and on (service)
        slo:availability_error_ratio:rate30m > 6 * 0.001
      )
      """;
        List<RuleConditions.Condition> c = RuleConditions.of(expr);
        assertThat(c)
                .extracting(RuleConditions.Condition::left)
                .containsExactly(
                        "slo:availability_error_ratio:rate1h{service=\"payments\"}",
                        "slo:availability_error_ratio:rate5m{service=\"payments\"}",
                        "slo:availability_error_ratio:rate6h",
                        "slo:availability_error_ratio:rate30m");
        assertThat(c)
                .extracting(RuleConditions.Condition::right)
                .containsExactly("14.4 * (1 - 0.999)", "14.4 * (1 - 0.999)", "6 * (1 - 0.999)", "6 * 0.001");
        assertThat(c).allSatisfy(x -> assertThat(x.literal()).isNull());
        // a and b: a is reported, b filters; each "or" alternative is its own group
        assertThat(c).extracting(RuleConditions.Condition::primary).containsExactly(true, false, true, false);
        assertThat(c).extracting(RuleConditions.Condition::group).containsExactly(0, 0, 1, 1);
    }

    @Test
    @DisplayName("comparison signs inside label matchers, strings, brackets and comments are not split at")
    void ignoresNested() {
        List<RuleConditions.Condition> c = RuleConditions.of(
                "# ratio of slow requests\n"
                        + "histogram_quantile(0.99, sum by (le) (rate(x_bucket{path!=\"/a>b\", le=~\".*\"}[5m]))) >= 0.3 # seconds");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).left())
                .isEqualTo("histogram_quantile(0.99, sum by (le) (rate(x_bucket{path!=\"/a>b\", le=~\".*\"}[5m])))");
        assertThat(c.get(0).op()).isEqualTo(">=");
        assertThat(c.get(0).literal()).isEqualTo(0.3);
    }

    @Test
    @DisplayName("'unless' sides only suppress an alert and are left out; 'bool' and on() are stripped")
    void unlessAndModifiers() {
        List<RuleConditions.Condition> c = RuleConditions.of(
                "chaoslab_achieved_rate / chaoslab_scheduled_rate < bool 0.9 unless on(scenario) chaoslab_scheduled_rate == 0");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).left()).isEqualTo("chaoslab_achieved_rate / chaoslab_scheduled_rate");
        assertThat(c.get(0).op()).isEqualTo("<");
        assertThat(c.get(0).literal()).isEqualTo(0.9);
        assertThat(c.get(0).firesBelow()).isTrue();
    }

    @Test
    @DisplayName(
            "a number on the left is turned around; a vector threshold keeps its expression; no comparison gives none")
    void otherShapes() {
        assertThat(RuleConditions.of("0.5 < up")).singleElement().satisfies(x -> {
            assertThat(x.left()).isEqualTo("up");
            assertThat(x.op()).isEqualTo(">");
            assertThat(x.literal()).isEqualTo(0.5);
        });
        assertThat(RuleConditions.of("rate(a[1m]) > 3 * avg_over_time(rate(a[1m])[10m:1m])"))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.right()).isEqualTo("3 * avg_over_time(rate(a[1m])[10m:1m])");
                    assertThat(x.literal()).isNull();
                });
        assertThat(RuleConditions.of("up == 0"))
                .singleElement()
                .satisfies(x -> assertThat(x.holds(0, 0)).isTrue());
        assertThat(RuleConditions.of("absent(up{job=\"gateway\"})")).isEmpty();
    }

    @Test
    @DisplayName("every shipped alert rule splits into threshold conditions whose sides are non-empty")
    @SuppressWarnings("unchecked")
    void shippedRules() throws Exception {
        Path dir = LocalPrometheus.locateRules().orElseThrow();
        Load yaml = new Load(LoadSettings.builder().build());
        int alerts = 0;
        for (Path file : LocalPrometheus.ruleFiles(dir)) {
            Map<String, Object> doc = (Map<String, Object>) yaml.loadFromString(Files.readString(file));
            for (Object g : (List<Object>) doc.get("groups")) {
                for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
                    Map<String, Object> rule = (Map<String, Object>) r;
                    if (rule.containsKey("alert")) {
                        alerts++;
                        String expr = (String) rule.get("expr");
                        List<RuleConditions.Condition> conditions = RuleConditions.of(expr);
                        assertThat(conditions)
                                .as(rule.get("alert") + ": " + expr)
                                .isNotEmpty()
                                .allSatisfy(c -> assertThat(c.left()).isNotBlank())
                                .allSatisfy(c -> assertThat(c.right()).isNotBlank());
                        assertThat(conditions.get(0).primary()).isTrue();
                    }
                }
            }
        }
        assertThat(alerts).isGreaterThanOrEqualTo(10);
    }
}
