package dev.chaoslab.simulator.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PromDurationTest {

    @Test
    @DisplayName("Prometheus' duration units add up in milliseconds")
    void units() {
        assertThat(PromDuration.parse("500ms")).isEqualTo(500);
        assertThat(PromDuration.parse("1m30s")).isEqualTo(90_000);
        assertThat(PromDuration.parse("1h")).isEqualTo(3_600_000);
        assertThat(PromDuration.parse("2d")).isEqualTo(172_800_000);
        assertThat(PromDuration.parse("1w")).isEqualTo(604_800_000);
        assertThat(PromDuration.parse("10y")).isEqualTo(PromDuration.MAX_MS);
    }

    @Test
    @DisplayName("zero, overflowing, overlong and malformed durations are refused with a short quote of the text")
    void refused() {
        assertThatThrownBy(() -> PromDuration.parse("0s")).hasMessage("`0s` must be longer than zero");
        assertThatThrownBy(() -> PromDuration.parse("99999999999999999h"))
                .hasMessage("`99999999999999999h` is longer than ten years");
        assertThatThrownBy(() -> PromDuration.parse("9".repeat(30) + "s"))
                .hasMessage("`" + "9".repeat(30) + "s` is longer than ten years");
        assertThatThrownBy(() -> PromDuration.parse("10y1ms")).hasMessage("`10y1ms` is longer than ten years");
        assertThatThrownBy(() -> PromDuration.parse("1.5m"))
                .hasMessage("`1.5m` is not a duration (e.g. 30s, 1m, 2m30s, 1h)");
        assertThatThrownBy(() -> PromDuration.parse("x".repeat(100_000)))
                .hasMessage("`" + "x".repeat(40) + "…` is not a duration (e.g. 30s, 1m, 2m30s, 1h)");
    }
}
