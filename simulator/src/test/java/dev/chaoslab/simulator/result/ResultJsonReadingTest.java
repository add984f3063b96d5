package dev.chaoslab.simulator.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.scenario.Expectation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResultJsonReadingTest {

    private static JsonObject report() throws IOException {
        return new JsonObject(ResultJsonGoldenTest.golden("report.json"));
    }

    @Test
    @DisplayName("a field of the wrong type is a located error naming the field, not a NullPointerException")
    void wrongTypeIsLocated() throws IOException {
        JsonObject json = report();
        json.getJsonArray("byRequest").getJsonObject(3).put("count", "many");
        assertThatThrownBy(() -> ResultJson.decodeReport(json))
                .isInstanceOf(ResultFormatException.class)
                .hasMessage("byRequest[3].count: expected a number, found \"many\"");

        JsonObject badState = report().put("state", "exploded");
        assertThatThrownBy(() -> ResultJson.decodeReport(badState))
                .isInstanceOf(ResultFormatException.class)
                .hasMessageStartingWith("state: unknown state \"exploded\"");

        JsonObject badTime = report().put("startedAt", "yesterday");
        assertThatThrownBy(() -> ResultJson.decodeReport(badTime))
                .isInstanceOf(ResultFormatException.class)
                .hasMessage("startedAt: not an ISO-8601 instant: \"yesterday\"");

        JsonObject noRunId = report();
        noRunId.remove("runId");
        assertThatThrownBy(() -> ResultJson.decodeReport(noRunId)).hasMessage("runId: missing");

        JsonObject badFault = report();
        badFault.getJsonArray("faults").getJsonObject(0).put("state", "melted");
        assertThatThrownBy(() -> ResultJson.decodeReport(badFault))
                .hasMessageStartingWith("faults[0].state: unknown fault");

        JsonObject noActual =
                report().put("abortedBy", new JsonObject().put("threshold", 1).put("atMs", 5));
        assertThatThrownBy(() -> ResultJson.decodeReport(noActual)).hasMessage("abortedBy.actual: missing");

        JsonObject notAnObject = report().put("timeline", new JsonArray().add(42));
        assertThatThrownBy(() -> ResultJson.decodeReport(notAnObject))
                .hasMessage("timeline[0]: expected an object, found 42");
    }

    @Test
    @DisplayName("fields an older report lacks read as their defaults: empty lists, zero counts, empty latency")
    void missingFieldsDefault() {
        RunReport minimal = ResultJson.decodeReport(
                new JsonObject().put("runId", "r-old").put("state", "completed").put("elapsedMs", 1234));
        assertThat(minimal.status().ranMs())
                .as("no planned duration: what it ran")
                .isEqualTo(1234);
        assertThat(minimal.status().totals()).isEqualTo(new Totals(0, 0, 0, 0, 0, ErrorCounts.NONE));
        assertThat(minimal.status().latency().corrected()).isEqualTo(LatencySummary.EMPTY);
        assertThat(minimal.status().recent().seconds()).isZero();
        assertThat(minimal.byRequest()).isEmpty();
        assertThat(minimal.thresholds()).isEmpty();
        assertThat(minimal.status().abortedBy()).isNull();
        assertThat(minimal.status().rate().multiplier()).isEqualTo(1.0);
        assertThat(minimal.thresholdsPassed()).isTrue();
    }

    @Test
    @DisplayName("an expectation with its margin, infinities and nested rules, is written and read back unchanged")
    void verdictWithMargin() {
        Margin condition = new Margin(
                null,
                null,
                "b",
                ">",
                0.5,
                "0.5",
                true,
                null,
                0.1,
                Double.POSITIVE_INFINITY,
                null,
                null,
                0L,
                List.of(new MarginPoint(0, 0.1), new MarginPoint(5000, Double.POSITIVE_INFINITY)),
                "b note",
                false,
                null,
                null,
                null);
        Margin margin = condition
                .forRule("HighErrors", 60_000, "all notes", true, List.of(condition, condition))
                .withOtherRules(List.of(Margin.noted("HighErrors", "x > 1", "timeout", "could not be computed")));
        Verdict verdict = new Verdict(
                0,
                "HighErrors",
                Map.of("service", "payments"),
                Expectation.Kind.FIRES,
                "chaos[0]",
                120_000L,
                true,
                5_000L,
                35_000L,
                80_000L,
                "fired",
                margin,
                null,
                null,
                null);
        RunStatus status =
                ResultJson.decodeStatus(new JsonObject().put("runId", "r-1").put("state", "completed"));
        RunReport report =
                new RunReport(status, List.of(), List.of(), List.of(), List.of(), List.of(verdict), null, null, null);

        JsonObject json = ResultJson.encode(report);
        JsonObject m = json.getJsonArray("expectations").getJsonObject(0).getJsonObject("margin");
        assertThat(m.getValue("incidentMax")).isEqualTo("+Inf");
        assertThat(m.getJsonArray("series").getJsonArray(1).getValue(1)).isEqualTo("+Inf");
        assertThat(ResultJson.decodeReport(json)).isEqualTo(report);
    }

    @Test
    @DisplayName("a delivery verdict keeps its receiver and time to notify; other verdicts carry neither key")
    void deliveryVerdict() {
        Verdict notifies = new Verdict(
                0,
                "HighErrors",
                Map.of("service", "payments"),
                Expectation.Kind.NOTIFIES,
                "chaos[0]",
                150_000L,
                true,
                null,
                null,
                null,
                "reached chat",
                null,
                "chat",
                95_000L,
                new Delivery("chat", Map.of("service", "payments", "alertname", "HighErrors"), 1));
        Verdict inhibited = new Verdict(
                1,
                "HighErrors",
                Map.of("service", "orders"),
                Expectation.Kind.NOT_NOTIFIED,
                "run",
                null,
                true,
                null,
                null,
                null,
                "none",
                null,
                null,
                null,
                null);
        Verdict fires = new Verdict(
                2,
                "HighErrors",
                Map.of(),
                Expectation.Kind.FIRES,
                "chaos[0]",
                1L,
                true,
                null,
                1L,
                null,
                "fired",
                null,
                null,
                null,
                null);
        RunStatus status =
                ResultJson.decodeStatus(new JsonObject().put("runId", "r-1").put("state", "completed"));
        RunReport report = new RunReport(
                status,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(notifies, inhibited, fires),
                null,
                null,
                null);

        JsonObject json = ResultJson.encode(report);
        JsonObject first = json.getJsonArray("expectations").getJsonObject(0);
        assertThat(first.getString("kind")).isEqualTo("notifies");
        assertThat(first.getString("receiver")).isEqualTo("chat");
        assertThat(first.getLong("timeToNotifyMs")).isEqualTo(95_000L);
        assertThat(first.getJsonObject("delivery").getMap())
                .containsEntry("receiver", "chat")
                .containsEntry("alerts", 1);
        assertThat(first.getJsonObject("delivery").getJsonObject("groupLabels").fieldNames())
                .containsExactly("alertname", "service");
        assertThat(json.getJsonArray("expectations").getJsonObject(1).getString("kind"))
                .isEqualTo("notNotified");
        assertThat(json.getJsonArray("expectations").getJsonObject(2).fieldNames())
                .doesNotContain("receiver", "timeToNotifyMs", "delivery");
        assertThat(ResultJson.decodeReport(json)).isEqualTo(report);
    }
}
