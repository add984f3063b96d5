package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SecondTickerTest {
    private static final long START = 42_000_000_000L;

    private record Closed(long t, long sent, double rate) {}

    @Test
    @DisplayName("on virtual time: the rate is per the window's real length, ticks aim at whole seconds, "
            + "the last second closes once and nothing after it counts")
    void ticksOnVirtualTime(Vertx vertx) {
        FakeClock clock = new FakeClock(START);
        RunStats stats = new RunStats(List.of("steady"));
        LaneStats lane = new LaneStats(1);
        List<Closed> closed = new ArrayList<>();
        SecondTicker ticker = new SecondTicker(
                vertx,
                clock,
                START,
                stats,
                List.of(lane),
                () -> 3,
                (second, rate) -> closed.add(new Closed(second.t(), second.sent(), rate)));

        assertThat(ticker.nextDelayMs()).isEqualTo(1_000);
        send(lane, 300, 0);
        // the tick ran half a second late: 300 sent over 1.5 s is 200/s, not 300/s
        clock.advanceMs(1_500);
        ticker.tick();
        assertThat(closed).containsExactly(new Closed(0, 300, 200.0));
        // the next tick is due at 2 s from the start, not 1 s after the late one
        assertThat(ticker.nextDelayMs()).isEqualTo(500);

        send(lane, 50, 1);
        clock.advanceMs(500);
        ticker.tick();
        assertThat(closed.get(1)).isEqualTo(new Closed(1, 50, 100.0));
        assertThat(ticker.nextDelayMs()).isEqualTo(1_000);

        // the run ends 200 ms into second 2: that second closes with what it had
        send(lane, 7, 2);
        clock.advanceMs(200);
        ticker.finish();
        assertThat(stats.timeline()).extracting(RunSeconds.Second::sent).containsExactly(300L, 50L, 7L);
        assertThat(stats.timeline().get(2).inFlight()).isEqualTo(3);

        // after the report: a late answer and a stray tick change nothing
        send(lane, 5, 2);
        ticker.tick();
        ticker.finish();
        assertThat(stats.timeline()).hasSize(3);
        assertThat(stats.sentCount()).isEqualTo(357);
        assertThat(closed).hasSize(2);
    }

    @Test
    @DisplayName("on virtual time: a second with nothing in it is closed by its tick but not by the end")
    void quietLastSecond(Vertx vertx) {
        FakeClock clock = new FakeClock(START);
        RunStats stats = new RunStats(List.of("steady"));
        LaneStats lane = new LaneStats(1);
        SecondTicker ticker = new SecondTicker(vertx, clock, START, stats, List.of(lane), () -> 0, (s, r) -> {});
        send(lane, 10, 0);
        clock.advanceMs(1_000);
        ticker.tick();
        clock.advanceMs(300);
        ticker.finish();
        assertThat(stats.timeline()).extracting(RunSeconds.Second::sent).containsExactly(10L);
    }

    private static void send(LaneStats lane, int count, long second) {
        for (int i = 0; i < count; i++) {
            lane.dispatched("get", 0, second * 1_000_000_000L + i, 0, true);
        }
    }
}
