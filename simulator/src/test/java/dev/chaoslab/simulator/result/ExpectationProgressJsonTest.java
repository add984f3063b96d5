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

/** The live status's {@code expectationProgress}: written only while there is some, read back as written. */
class ExpectationProgressJsonTest {

    private static final List<ExpectationProgress> PROGRESS = List.of(
            new ExpectationProgress(
                    0,
                    "ChaoslabHighErrorRatio",
                    Map.of("service", "payments"),
                    Expectation.Kind.FIRES,
                    "chaos[0] (burst)",
                    120_000L,
                    ExpectationProgress.State.FIRING,
                    70_000L,
                    9_950L),
            new ExpectationProgress(
                    1,
                    "ChaoslabHighErrorRatio",
                    Map.of(),
                    Expectation.Kind.SILENT,
                    "phase:before",
                    null,
                    ExpectationProgress.State.PASSED,
                    60_010L,
                    null));

    private static RunStatus withProgress(RunStatus s, List<ExpectationProgress> progress) {
        return new RunStatus(
                s.runId(),
                s.scenario(),
                s.state(),
                s.failure(),
                s.abortedBy(),
                s.startedAt(),
                s.endedAt(),
                s.durationMs(),
                s.elapsedMs(),
                s.phase(),
                s.rate(),
                s.inFlight(),
                s.phases(),
                s.faults(),
                s.totals(),
                s.latency(),
                s.recent(),
                s.errorKinds(),
                s.scheduleLag(),
                progress);
    }

    private static RunStatus golden() throws IOException {
        return ResultJson.decodeStatus(new JsonObject(ResultJsonGoldenTest.golden("status.json")));
    }

    @Test
    @DisplayName("a status without expectations under way has no expectationProgress key")
    void absentWhenEmpty() throws IOException {
        RunStatus status = golden();
        assertThat(status.expectationProgress()).isEmpty();
        assertThat(ResultJson.encode(status).containsKey("expectationProgress")).isFalse();
    }

    @Test
    @DisplayName("the entries are written with their keys and read back equal, the dial moving keeps them")
    void roundTrip() throws IOException {
        RunStatus status = withProgress(golden(), PROGRESS);
        JsonObject json = ResultJson.encode(status);
        JsonArray progress = json.getJsonArray("expectationProgress");
        assertThat(progress).hasSize(2);
        JsonObject first = progress.getJsonObject(0);
        assertThat(first.getString("state")).isEqualTo("firing");
        assertThat(first.getString("kind")).isEqualTo("fires");
        assertThat(first.getLong("timeToFireMs")).isEqualTo(9_950L);
        assertThat(first.getLong("sinceMs")).isEqualTo(70_000L);
        assertThat(first.getJsonObject("labels").getString("service")).isEqualTo("payments");
        assertThat(progress.getJsonObject(1).getString("state")).isEqualTo("passed");
        assertThat(progress.getJsonObject(1).containsKey("withinMs")).isTrue();

        assertThat(ResultJson.decodeStatus(json)).isEqualTo(status);
        assertThat(status.withDial(2.0, null).expectationProgress()).isEqualTo(PROGRESS);
        // the clock moved on while nothing was republished: only the elapsed time differs
        RunStatus later = status.withElapsed(status.elapsedMs() + 5_000);
        assertThat(later.elapsedMs()).isEqualTo(status.elapsedMs() + 5_000);
        assertThat(later.withElapsed(status.elapsedMs())).isEqualTo(status);
    }

    @Test
    @DisplayName("an unknown state is refused with the field's path")
    void unknownState() throws IOException {
        JsonObject json = ResultJson.encode(withProgress(golden(), PROGRESS));
        json.getJsonArray("expectationProgress").getJsonObject(1).put("state", "asleep");
        assertThatThrownBy(() -> ResultJson.decodeStatus(json))
                .isInstanceOf(ResultFormatException.class)
                .hasMessageContaining("expectationProgress[1].state")
                .hasMessageContaining("asleep");
    }
}
