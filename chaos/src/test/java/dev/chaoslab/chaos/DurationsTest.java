package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one duration grammar of fault TTLs, scenario files and the chaos timeline. */
class DurationsTest {

    @Test
    @DisplayName("one duration grammar: whole or decimal numbers of ms, s, m or h, several parts, no bare numbers")
    void durations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1_500));
        for (String bad : new String[] {"30", "-5s", "5 s", "s", "1.s", "NaN", "1e3s", "5d", ""}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a duration such as 500ms, 30s");
        }
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h")).hasMessageContaining("is too long");
        assertThat(Durations.formatMillis(90_000)).isEqualTo("1m30s");
        assertThat(Durations.formatMillis(1_500)).isEqualTo("1500ms");
        assertThat(Durations.formatMillis(3_600_000)).isEqualTo("1h");
        assertThat(Durations.parse(Durations.formatMillis(5_430_123))).isEqualTo(Duration.ofMillis(5_430_123));
    }
}
