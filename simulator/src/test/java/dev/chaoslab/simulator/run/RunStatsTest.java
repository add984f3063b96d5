package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.result.Recent;
import dev.chaoslab.simulator.result.RequestRow;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunStatsTest {
    private static final long MS = 1_000_000L;

    @Test
    @DisplayName("a journey is scheduled and dropped as a whole: its row counts them, its steps' rows do not")
    void droppedJourneysCountOnTheJourney() {
        RunStats stats = new RunStats(List.of("warm", "peak"));
        LaneStats lane = new LaneStats(2);
        stats.arrivalLabel("buy");
        lane.dispatched("buy", 0, 10 * MS, 0, true);
        lane.dispatched("buy", 1, 20 * MS, 0, true);
        lane.dispatched("buy", 1, 30 * MS, 0, false);
        // the second journey got no connection for its second step: the journey is dropped, its first step ended
        lane.stepEnded("buy.cart", 1, Outcome.OK, 2 * MS, MS);
        lane.poolBusy("buy", 1);
        lane.stepEnded("buy.cart", 0, Outcome.OK, 2 * MS, MS);
        lane.arrivalEnded("buy", 0, Outcome.OK, 5 * MS, 4 * MS);
        lane.addInto(stats);

        assertThat(stats.select("buy", null).scheduled).isEqualTo(3);
        assertThat(stats.select("buy", null).dropped).isEqualTo(2);
        assertThat(stats.select("buy", "peak").dropped).isEqualTo(2);
        assertThat(stats.select(null, "warm").scheduled).isEqualTo(1);
        assertThat(stats.select(null, "warm").dropped).isZero();
        assertThat(stats.select(null, null).dropped)
                .isEqualTo(stats.droppedCount())
                .isEqualTo(2);

        RequestRow peak = row(stats, "buy", "peak");
        assertThat(peak.scheduled()).isEqualTo(2);
        assertThat(peak.dropped()).isEqualTo(2);
        assertThat(peak.count()).isZero();
        assertThat(row(stats, "buy.cart", "peak").scheduled()).isNull();
    }

    @Test
    @DisplayName("the recent window holds the last 10 closed seconds: an incident that ended 10 s ago is out of it")
    void recentWindow() {
        RunStats stats = new RunStats(List.of("steady"));
        LaneStats lane = new LaneStats(1);
        stats.arrivalLabel("get");
        for (long t = 0; t < 12; t++) {
            // seconds 0 and 1: slow failures; then fast answers
            boolean incident = t < 2;
            for (int i = 0; i < 20; i++) {
                lane.dispatched("get", 0, t * 1_000 * MS, 0, true);
                lane.arrivalEnded("get", 0, incident ? Outcome.HTTP_5XX : Outcome.OK, incident ? 900 * MS : 2 * MS, MS);
            }
            lane.dispatched("get", 0, t * 1_000 * MS, 0, false);
            lane.addInto(stats);
            stats.closeSecond(t, 0);
            Recent recent = stats.recent();
            assertThat(recent.seconds()).isEqualTo(Math.min(t + 1, 10));
            assertThat(recent.dropped()).isEqualTo(Math.min(t + 1, 10));
            if (t == 4) {
                assertThat(recent.completed()).isEqualTo(100);
                assertThat(recent.errors().of("http_5xx")).isEqualTo(40);
                assertThat(recent.corrected().p99()).isGreaterThan(800);
            }
        }
        Recent recent = stats.recent();
        assertThat(recent.completed()).isEqualTo(200);
        assertThat(recent.ok()).isEqualTo(200);
        assertThat(recent.errors().of("http_5xx")).isZero();
        assertThat(recent.corrected().max()).isLessThan(3.0);
        assertThat(recent.service().p50()).isLessThan(2.0);
        // the since-start figures still hold the incident
        assertThat(stats.totals().errors().of("http_5xx")).isEqualTo(40);
    }

    private static RequestRow row(RunStats stats, String request, String phase) {
        return stats.byRequest().stream()
                .filter(r -> request.equals(r.request()) && phase.equals(r.phase()))
                .findFirst()
                .orElseThrow();
    }
}
