package dev.chaoslab.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.telemetry.ReadDeadlines;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TargetsMainTest {

    private static TargetsConfig parse(String... args) {
        TargetsMain main = new TargetsMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    @DisplayName("one service per process takes its port from --port and its dependencies from the URL flags")
    void oneService() {
        TargetsConfig config = parse(
                "--service",
                "orders",
                "--port",
                "9181",
                "--payments-url",
                "http://10.0.0.5:9182",
                "--chaos-max-latency-ms",
                "5000",
                "--chaos-seed",
                "9",
                "--telemetry",
                "off");

        assertThat(config.services()).containsExactly(ServiceName.ORDERS);
        assertThat(config.port(ServiceName.ORDERS)).isEqualTo(9181);
        assertThat(config.url(ServiceName.PAYMENTS)).isEqualTo("http://10.0.0.5:9182");
        assertThat(config.url(ServiceName.INVENTORY)).isEqualTo("http://127.0.0.1:8083");
        assertThat(config.chaos().maxLatencyMs()).isEqualTo(5000);
        assertThat(config.seed()).isEqualTo(9L);
        assertThat(config.telemetry()).isFalse();
        assertThat(config.host()).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("all in one process uses the contract's default ports unless told otherwise")
    void allInOne() {
        TargetsConfig config = parse("--service", "all", "--gateway-port", "0");

        assertThat(config.services()).containsExactlyInAnyOrder(ServiceName.values());
        assertThat(config.port(ServiceName.GATEWAY)).isZero();
        assertThat(config.port(ServiceName.ORDERS)).isEqualTo(8081);
        assertThat(config.port(ServiceName.INVENTORY)).isEqualTo(8083);
    }

    @Test
    @DisplayName("bad flags are refused with a message that says what to do")
    void badFlags() {
        assertThatThrownBy(() -> parse("--service", "all", "--port", "1"))
                .hasMessageContaining("--port needs a single --service");
        assertThatThrownBy(() -> parse("--service", "shipping"))
                .hasMessageContaining("services are inventory, payments, orders, gateway");
        assertThatThrownBy(() -> parse("--telemetry", "maybe")).hasMessageContaining("on or off");
        assertThatThrownBy(() -> parse("--service", "orders", "--port", "70000"))
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> parse("--read-head-timeout-ms", "0"))
                .hasMessage("--read-head-timeout-ms: the read head timeout must be 100..600000 ms, not 0");
        assertThatThrownBy(() -> parse("--read-body-timeout-ms", "600001"))
                .hasMessage("--read-body-timeout-ms: the read body timeout must be 100..600000 ms, not 600001");
        assertThatThrownBy(() -> parse("--read-body-timeout-ms", "-5")).hasMessageContaining("not -5");
    }

    @Test
    @DisplayName("the read deadlines default to the ones every server has (docs/security.md) and take the flags")
    void readDeadlines() {
        TargetsConfig defaults = parse();
        ReadDeadlines.Options standard = ReadDeadlines.Options.defaults(Duration.ofSeconds(120));
        assertThat(defaults.readHeadTimeoutMs()).isEqualTo(standard.head().toMillis());
        assertThat(defaults.readBodyTimeoutMs()).isEqualTo(standard.body().toMillis());

        TargetsConfig set = parse("--read-head-timeout-ms", "2500", "--read-body-timeout-ms", "100");
        assertThat(set.readHeadTimeoutMs()).isEqualTo(2500);
        assertThat(set.readBodyTimeoutMs()).isEqualTo(100);
    }
}
