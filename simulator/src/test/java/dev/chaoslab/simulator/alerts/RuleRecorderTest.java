package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.RecordedRule;
import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.ResultJson;
import dev.chaoslab.simulator.result.RunTimeline;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuleRecorderTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    @DisplayName(
            "a run records each comparison's left side at the evaluation interval, its threshold and the live episodes, and survives the codec")
    void records(Vertx vertx) {
        FakePrometheus fake = new FakePrometheus().start(vertx).await();
        PrometheusClient client = new PrometheusClient(vertx, fake.url());
        try {
            double[] ratio = new double[25];
            Arrays.fill(ratio, 0.01);
            ratio[10] = 0.2;
            fake.ranges = expr -> expr.equals("errors:ratio_rate1m")
                    ? new JsonArray()
                            .add(FakePrometheus.matrix(Map.of("service", "payments"), T0.toEpochMilli(), 5_000, ratio))
                    : expr.equals("14.4 * 0.001")
                            ? new JsonArray()
                                    .add(FakePrometheus.matrix(Map.of(), T0.toEpochMilli(), 5_000, 0.0144, 0.0144))
                            : new JsonArray();
            AlertRule rule = new AlertRule(
                    AlertRule.Type.ALERTING,
                    "HighErrors",
                    "errors:ratio_rate1m > 0.05 and on (service) errors:ratio_rate5m > 14.4 * 0.001",
                    Duration.ofMinutes(1),
                    Map.of("severity", "page"),
                    "g",
                    "f.yml",
                    Duration.ofSeconds(5),
                    "ok",
                    null);
            AlertRule unless = new AlertRule(
                    AlertRule.Type.ALERTING,
                    "Quiet",
                    "x > 1 unless y",
                    Duration.ZERO,
                    Map.of(),
                    "g",
                    "f.yml",
                    Duration.ofSeconds(5),
                    "ok",
                    null);
            AlertHistory.Instance seen = new AlertHistory.Instance(
                    "HighErrors",
                    Map.of("service", "payments"),
                    List.of(new AlertHistory.Episode(T0.plusSeconds(50), T0.plusSeconds(110), T0.plusSeconds(120))));
            RunTimeline timeline = new RunTimeline(
                    "r-1", T0, 100_000, List.of(new RunTimeline.PhaseWindow(0, "a", 0, 100_000)), List.of());

            Recording recording = new RuleRecorder(client)
                    .record("s", timeline, 120_000, List.of(rule, unless), List.of(seen))
                    .await();
            Recording read = ResultJson.decodeRecording(ResultJson.encode(recording));

            RecordedRule r = read.rules().get(0);
            assertThat(r.intervalMs()).isEqualTo(5_000);
            assertThat(r.forMs()).isEqualTo(60_000);
            assertThat(r.conditions()).hasSize(2);
            assertThat(r.conditions().get(0).threshold()).isEqualTo(0.05);
            assertThat(r.conditions().get(1).threshold()).isEqualTo(0.0144);
            assertThat(r.conditions().get(0).series().get(0).values())
                    .hasSize(25)
                    .element(10)
                    .isEqualTo(0.2);
            assertThat(r.conditions().get(0).series().get(0).stepMs()).isEqualTo(5_000);
            assertThat(r.live())
                    .containsExactly(
                            new RecordedRule.LiveEpisode(Map.of("service", "payments"), 50_000L, 110_000L, 120_000L));
            assertThat(r.unsplit()).isNull();
            assertThat(read.rules().get(1).unsplit()).contains("unless");
            assertThat(fake.queries).allMatch(q -> !q.isEmpty());
        } finally {
            client.close();
            fake.stop().await();
        }
    }

    @Test
    @DisplayName(
            "the live episodes come from Prometheus' ALERTS samples at its own evaluation times, not from the polls")
    void liveFromAlertsSeries(Vertx vertx) {
        FakePrometheus fake = new FakePrometheus().start(vertx).await();
        PrometheusClient client = new PrometheusClient(vertx, fake.url());
        try {
            long eval = T0.toEpochMilli() + 1_234;
            fake.instants = expr -> expr.startsWith("ALERTS{alertname=\"HighErrors\"}[")
                    ? new JsonObject()
                            .put("resultType", "matrix")
                            .put(
                                    "result",
                                    new JsonArray()
                                            .add(FakePrometheus.matrix(
                                                    Map.of("alertname", "HighErrors", "alertstate", "pending"),
                                                    eval + 40_000,
                                                    5_000,
                                                    1,
                                                    1,
                                                    1))
                                            .add(FakePrometheus.matrix(
                                                    Map.of("alertname", "HighErrors", "alertstate", "firing"),
                                                    eval + 55_000,
                                                    5_000,
                                                    1,
                                                    1)))
                    : null;
            AlertRule rule = new AlertRule(
                    AlertRule.Type.ALERTING,
                    "HighErrors",
                    "errors:ratio_rate1m > 0.05",
                    Duration.ofSeconds(15),
                    Map.of(),
                    "g",
                    "f.yml",
                    Duration.ofSeconds(5),
                    "ok",
                    null);
            AlertHistory.Instance polled = new AlertHistory.Instance(
                    "HighErrors",
                    Map.of("alertname", "HighErrors"),
                    List.of(new AlertHistory.Episode(T0.plusSeconds(40), T0.plusSeconds(57), T0.plusSeconds(72))));
            RunTimeline timeline = new RunTimeline(
                    "r-2", T0, 100_000, List.of(new RunTimeline.PhaseWindow(0, "a", 0, 100_000)), List.of());

            Recording recording = new RuleRecorder(client)
                    .record("s", timeline, 120_000, List.of(rule), List.of(polled))
                    .await();

            assertThat(recording.rules().get(0).live())
                    .containsExactly(
                            new RecordedRule.LiveEpisode(Map.of("alertname", "HighErrors"), 41_234L, 56_234L, 66_234L));
            assertThat(fake.queries).contains("ALERTS{alertname=\"HighErrors\"}[130s]");
        } finally {
            client.close();
            fake.stop().await();
        }
    }

    @Test
    @DisplayName(
            "the raw counters under rate() are recorded, in the rule and in the recording rules it reads, bounded per selector")
    void counters(Vertx vertx) {
        FakePrometheus fake = new FakePrometheus().start(vertx).await();
        PrometheusClient client = new PrometheusClient(vertx, fake.url());
        try {
            fake.ruleGroups = new JsonArray()
                    .add(FakePrometheus.group(
                            "sli",
                            5,
                            new JsonObject()
                                    .put("type", "recording")
                                    .put("name", "svc:req:rate1m")
                                    .put("query", "sum by (service) (rate(req_total{route!~\"/metrics\"}[1m]))")
                                    .put("labels", new JsonObject())
                                    .put("health", "ok")));
            JsonArray many = new JsonArray();
            for (int i = 0; i <= CounterRecorder.MAX_SERIES; i++) {
                many.add(FakePrometheus.matrix(
                        Map.of("__name__", "big_total", "i", "" + i), T0.toEpochMilli(), 5_000, 1));
            }
            fake.ranges = expr -> switch (expr) {
                case "req_total{route!~\"/metrics\"}" ->
                    new JsonArray()
                            .add(FakePrometheus.matrix(
                                    Map.of("__name__", "req_total", "service", "a", "route", "/x"),
                                    T0.toEpochMilli(),
                                    5_000,
                                    1,
                                    2,
                                    4))
                            .add(FakePrometheus.matrix(
                                    Map.of("__name__", "req_total", "service", "b", "route", "/x"),
                                    T0.toEpochMilli() + 5_000,
                                    5_000,
                                    7,
                                    9));
                case "big_total" -> many;
                default -> new JsonArray();
            };
            AlertRule rule = new AlertRule(
                    AlertRule.Type.ALERTING,
                    "Timeouts",
                    "sum by (service) (rate( big_total [1m])) / on (service) svc:req:rate1m > 0.02",
                    Duration.ofMinutes(1),
                    Map.of(),
                    "g",
                    "f.yml",
                    Duration.ofSeconds(5),
                    "ok",
                    null);
            RunTimeline timeline = new RunTimeline(
                    "r-3", T0, 100_000, List.of(new RunTimeline.PhaseWindow(0, "a", 0, 100_000)), List.of());

            Recording recording = new RuleRecorder(client)
                    .record("s", timeline, 120_000, List.of(rule), List.of())
                    .await();
            Recording read = ResultJson.decodeRecording(ResultJson.encode(recording));

            assertThat(read.recordingRules())
                    .containsOnlyKeys("svc:req:rate1m")
                    .containsValue("sum by (service) (rate(req_total{route!~\"/metrics\"}[1m]))");
            assertThat(read.counters())
                    .extracting(c -> c.selector())
                    .containsExactly("big_total", "req_total{route!~\"/metrics\"}");
            assertThat(read.counter("big_total").orElseThrow().skipped())
                    .contains("201 series")
                    .contains("200");
            assertThat(read.counter("big_total").orElseThrow().series()).isEmpty();
            var req = read.counter("req_total{route!~\"/metrics\"}").orElseThrow();
            assertThat(req.skipped()).isNull();
            assertThat(req.series()).hasSize(2);
            assertThat(req.series().get(0).labels()).containsEntry("__name__", "req_total");
            assertThat(req.series().get(0).values()).containsExactly(1.0, 2.0, 4.0);
            assertThat(req.series().get(1).startMs()).isEqualTo(5_000);
            assertThat(req.series().get(1).stepMs()).isEqualTo(5_000);
        } finally {
            client.close();
            fake.stop().await();
        }
    }
}
