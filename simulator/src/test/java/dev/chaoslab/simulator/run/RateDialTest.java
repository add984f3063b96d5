package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import dev.chaoslab.simulator.traffic.Arrivals;
import dev.chaoslab.simulator.traffic.ConstantShape;
import dev.chaoslab.simulator.traffic.Shape;
import dev.chaoslab.simulator.traffic.TrafficPhase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateDialTest {
    private static final long START = 7_000_000_000L;

    private record Phase(String name, Duration duration, Shape shape, Arrivals arrivals) implements TrafficPhase {}

    @Test
    @DisplayName("on virtual time: the dial applies from the moment it is turned, and the gauges read 0 when not live")
    void dialOnVirtualTime() {
        FakeClock clock = new FakeClock(START);
        ArrivalGenerator generator = new ArrivalGenerator(
                List.of(new Phase("steady", Duration.ofSeconds(60), new ConstantShape(100), Arrivals.UNIFORM)),
                1,
                1_000);
        AtomicBoolean live = new AtomicBoolean(true);
        RateDial dial = new RateDial(
                generator,
                () -> clock.nanoTime() - START,
                live::get,
                () -> 12.5,
                () -> 4,
                new RunLog(LoggerFactory.getLogger(RateDialTest.class), "run-1", "dial"));

        clock.advanceMs(10_000);
        assertThat(dial.scheduledRate()).isEqualTo(100.0);
        assertThat(dial.change(RateChange.multiplier(2))).isEqualTo(10_000_000_000L);
        assertThat(dial.scheduledRate()).isEqualTo(200.0);
        assertThat(dial.multiplier()).isEqualTo(2.0);

        clock.advanceMs(5_000);
        assertThat(dial.change(RateChange.absolute(30))).isEqualTo(15_000_000_000L);
        assertThat(dial.scheduledRate()).isEqualTo(30.0);
        assertThat(dial.multiplier()).isEqualTo(1.0);
        assertThat(dial.absolute()).isEqualTo(30.0);
        assertThatThrownBy(() -> dial.change(RateChange.multiplier(11))).hasMessageContaining("ceiling");

        dial.change(RateChange.plan());
        assertThat(dial.scheduledRate()).isEqualTo(100.0);
        assertThat(dial.achievedRate()).isEqualTo(12.5);
        assertThat(dial.inFlight()).isEqualTo(4);
        live.set(false);
        assertThat(dial.scheduledRate()).isZero();
        assertThat(dial.achievedRate()).isZero();
    }

    @Test
    @DisplayName("a run accepts a bounded number of rate changes; refused ones do not count")
    void changesAreBounded() {
        ArrivalGenerator generator = new ArrivalGenerator(
                List.of(new Phase("steady", Duration.ofSeconds(60), new ConstantShape(100), Arrivals.UNIFORM)),
                1,
                1_000);
        RateDial dial = new RateDial(
                generator,
                () -> 0L,
                () -> true,
                () -> 0,
                () -> 0,
                new RunLog(LoggerFactory.getLogger(RateDialTest.class), "run-1", "dial"));
        assertThatThrownBy(() -> dial.change(RateChange.multiplier(11))).hasMessageContaining("ceiling");
        for (int i = 0; i < RateDial.MAX_CHANGES; i++) {
            dial.change(RateChange.multiplier(1 + i % 3));
        }
        assertThatThrownBy(() -> dial.change(RateChange.plan()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RateDial.MAX_CHANGES + " times, the limit per run");
    }
}
