package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** serve's delivery flags: the receiver's address, and the combinations that are refused before anything starts. */
@ExtendWith(VertxExtension.class)
class AlertmanagerOptionsTest {

    @Test
    @DisplayName("the receiver's address is HOST:PORT, [IPV6]:PORT or a port alone on loopback")
    void addresses() {
        assertThat(AlertmanagerOptions.address("9094")).isEqualTo(new AlertmanagerOptions.Address("127.0.0.1", 9094));
        assertThat(AlertmanagerOptions.address("0.0.0.0:9094"))
                .isEqualTo(new AlertmanagerOptions.Address("0.0.0.0", 9094));
        assertThat(AlertmanagerOptions.address("[::1]:0")).isEqualTo(new AlertmanagerOptions.Address("::1", 0));
    }

    @Test
    @DisplayName("a malformed address is refused naming the flag and what is expected")
    void badAddresses() {
        for (String bad : List.of(":9094", "::1:9094", "host:", "host:x", "70000", "-1", "simulator:65536")) {
            assertThatThrownBy(() -> AlertmanagerOptions.address(bad))
                    .as(bad)
                    .isInstanceOf(FlagException.class)
                    .hasMessageStartingWith("--alertmanager-receiver: ")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    @DisplayName("an Alertmanager URL without a receiver, or delivery without a Prometheus, is refused")
    void refusedCombinations(Vertx vertx) {
        PrintWriter out = new PrintWriter(new StringWriter());
        AlertmanagerOptions urlOnly = new AlertmanagerOptions();
        urlOnly.alertmanagerUrl = "http://127.0.0.1:9093";
        assertThatThrownBy(() -> urlOnly.start(vertx, out))
                .isInstanceOf(FlagException.class)
                .hasMessageStartingWith("--alertmanager-url: needs --alertmanager-receiver");

        AlertmanagerOptions receiver = new AlertmanagerOptions();
        receiver.receiver = "0";
        assertThatThrownBy(() -> new AlertOptions().setUpForServer(vertx, out, receiver))
                .isInstanceOf(FlagException.class)
                .hasMessageContaining("needs --prometheus-url");

        AlertmanagerOptions badUrl = new AlertmanagerOptions();
        badUrl.receiver = "0";
        badUrl.alertmanagerUrl = "ftp://x";
        assertThatThrownBy(() -> badUrl.start(vertx, out))
                .isInstanceOf(FlagException.class)
                .hasMessageStartingWith("--alertmanager-url: not an http(s) URL");
    }
}
