package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.Outcome;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunStatsTest {
  private static final long MS = 1_000_000L;

  @Test
  @DisplayName("a journey is scheduled and dropped as a whole: its row counts them, its steps' rows do not")
  void droppedJourneysCountOnTheJourney() {
    RunStats stats = new RunStats(List.of("warm", "peak"));
    stats.arrivalLabel("buy");
    stats.dispatched("buy", 0, 10 * MS, 0, true);
    stats.dispatched("buy", 1, 20 * MS, 0, true);
    stats.dispatched("buy", 1, 30 * MS, 0, false);
    // the second journey got no connection for its second step: the journey is dropped, its first step ended
    stats.stepEnded("buy.cart", 1, Outcome.OK, 2 * MS, MS);
    stats.poolBusy("buy", 1);
    stats.stepEnded("buy.cart", 0, Outcome.OK, 2 * MS, MS);
    stats.arrivalEnded("buy", 0, Outcome.OK, 5 * MS, 4 * MS);

    assertThat(stats.select("buy", null).scheduled).isEqualTo(3);
    assertThat(stats.select("buy", null).dropped).isEqualTo(2);
    assertThat(stats.select("buy", "peak").dropped).isEqualTo(2);
    assertThat(stats.select(null, "warm").scheduled).isEqualTo(1);
    assertThat(stats.select(null, "warm").dropped).isZero();
    assertThat(stats.select(null, null).dropped).isEqualTo(stats.droppedCount()).isEqualTo(2);

    JsonObject peak = row(stats, "buy", "peak");
    assertThat(peak.getLong("scheduled")).isEqualTo(2);
    assertThat(peak.getLong("dropped")).isEqualTo(2);
    assertThat(peak.getLong("count")).isZero();
    assertThat(row(stats, "buy.cart", "peak").containsKey("scheduled")).isFalse();
  }

  private static JsonObject row(RunStats stats, String request, String phase) {
    return stats.byRequestJson().stream().map(JsonObject.class::cast)
      .filter(r -> request.equals(r.getString("request")) && phase.equals(r.getString("phase")))
      .findFirst().orElseThrow();
  }
}
