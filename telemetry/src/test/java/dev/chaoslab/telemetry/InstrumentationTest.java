package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InstrumentationTest {

    @Test
    @DisplayName("the mode is read case-insensitively, SDK when unset or blank")
    void parse() {
        assertThat(Instrumentation.parse("agent")).isEqualTo(Instrumentation.AGENT);
        assertThat(Instrumentation.parse(" SDK ")).isEqualTo(Instrumentation.SDK);
        assertThat(Instrumentation.parse(null))
                .isEqualTo(Instrumentation.DEFAULT)
                .isEqualTo(Instrumentation.SDK);
        assertThat(Instrumentation.parse("")).isEqualTo(Instrumentation.SDK);
    }

    @Test
    @DisplayName("an unknown mode is refused with the accepted names")
    void unknown() {
        assertThatThrownBy(() -> Instrumentation.parse("javaagent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CHAOSLAB_INSTRUMENTATION must be one of sdk, agent, not 'javaagent'");
    }

    @Test
    @DisplayName("the options take the mode from CHAOSLAB_INSTRUMENTATION")
    void fromOptions() {
        TelemetryOptions options = TelemetryOptions.fromEnv("orders");
        assertThat(options.withEnv(Map.of(Instrumentation.VARIABLE, "agent")).instrumentation())
                .isEqualTo(Instrumentation.AGENT);
        assertThat(options.withEnv(Map.of(Instrumentation.VARIABLE, "sdk")).instrumentation())
                .isEqualTo(Instrumentation.SDK);
    }
}
