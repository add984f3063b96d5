package dev.chaoslab.simulator.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The JSON contract (docs/contracts.md) held against files written by the engine before results became records
 * ({@code src/test/resources/golden}: a short run with two phases, a journey, errors, thresholds of which one
 * aborted the run, a chaos step and a turn of the rate dial): read and written again, they come out byte for byte.
 */
class ResultJsonGoldenTest {

    static String golden(String name) throws IOException {
        try (InputStream in = ResultJsonGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @DisplayName("a report.json written before the change loads, and is written again byte for byte")
    void reportRoundTrip() throws IOException {
        String text = golden("report.json");
        RunReport report = ResultJson.decodeReport(new JsonObject(text));

        assertThat(ResultJson.encode(report).encodePrettily() + "\n").isEqualTo(text);
        assertThat(report.state()).isEqualTo(RunState.STOPPED);
        assertThat(report.status().abortedBy().threshold()).isEqualTo(2);
        assertThat(report.thresholds().get(2).aborted()).isTrue();
        assertThat(report.byRequest()).extracting(RequestRow::request).contains("journey.one", "journey");
        assertThat(report.rateChanges()).extracting(RateChangeAt::multiplier).containsExactly(1.5);
        assertThat(report.status().faults().get(0).state()).isEqualTo(FaultState.CLEARED);
    }

    @Test
    @DisplayName("a live status (GET /runs/:id) written before the change loads, and is written again byte for byte")
    void statusRoundTrip() throws IOException {
        String text = golden("status.json");
        RunStatus status = ResultJson.decodeStatus(new JsonObject(text));

        assertThat(ResultJson.encode(status).encodePrettily() + "\n").isEqualTo(text);
        assertThat(status.state()).isEqualTo(RunState.RUNNING);
        assertThat(status.rate().multiplier()).isEqualTo(1.5);
    }

    @Test
    @DisplayName("the records read back equal the records written")
    void recordsRoundTrip() throws IOException {
        RunReport report = ResultJson.decodeReport(new JsonObject(golden("report.json")));
        assertThat(ResultJson.decodeReport(ResultJson.encode(report))).isEqualTo(report);
    }
}
