package dev.chaoslab.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code chaoslab proxy} refuses bad flags and bad files with exit code 2 and a message, before it listens. */
class ProxyCommandTest {

    private final CliRunner cli = new CliRunner();

    @Test
    @DisplayName("missing flags are named, and flags together with --config are refused")
    void missingFlags() {
        assertThat(cli.execute("proxy", "--listen", "127.0.0.1:9000")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("--upstream").contains("--name").contains("--admin");
        assertThat(cli.execute("proxy", "--config", "x.yaml", "--name", "a")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("--config replaces");
    }

    @Test
    @DisplayName("bad values say which flag and why")
    void badValues() {
        assertThat(cli.execute(
                        "proxy",
                        "--listen",
                        "9000",
                        "--upstream",
                        "http://127.0.0.1:8080",
                        "--name",
                        "c",
                        "--admin",
                        "127.0.0.1:9001"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("--listen").contains("host:port");
        assertThat(cli.execute(
                        "proxy",
                        "--listen",
                        "127.0.0.1:9000",
                        "--upstream",
                        "http://127.0.0.1:8080/base",
                        "--name",
                        "c",
                        "--admin",
                        "127.0.0.1:9001"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("no path");
        assertThat(cli.execute(
                        "proxy",
                        "--listen",
                        "127.0.0.1:9000",
                        "--upstream",
                        "http://127.0.0.1:8080",
                        "--name",
                        "c",
                        "--admin",
                        "127.0.0.1:9001",
                        "--route",
                        "orders/:id"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("starts with '/'");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("a read deadline out of bounds is refused naming its flag and the bounds, before the proxy listens")
    void badReadDeadlines() {
        String[] proxy = {
            "proxy",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://127.0.0.1:9",
            "--name",
            "c",
            "--admin",
            "127.0.0.1:0"
        };
        assertThat(cli.execute(concat(proxy, "--read-head-timeout-ms", "0"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString())
                .contains("--read-head-timeout-ms: the read head timeout must be 100..600000 ms, not 0");
        assertThat(cli.execute(concat(proxy, "--read-body-timeout-ms", "600001")))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString())
                .contains("--read-body-timeout-ms: the read body timeout must be 100..600000 ms, not 600001");
        assertThat(cli.execute(concat(proxy, "--read-body-timeout-ms", "soon"))).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString()).contains("--read-body-timeout-ms");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    @DisplayName("every problem of a proxies file is reported as file:line:column: field: message")
    void badFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("proxies.yaml");
        Files.writeString(file, """
        proxies:
          - name: catalog
            listen: 127.0.0.1:9000
            upstream: ftp://127.0.0.1:8080
            admin: 127.0.0.1:9001
            routes: [/api/products/:sku, products]
          - name: Catalog
            listen: 127.0.0.1:9000
            upstream: http://127.0.0.1:8081
            admin: 127.0.0.1:9002
            colour: red
        """);
        assertThat(cli.execute("proxy", "--config", file.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.err.toString())
                .contains(file + ":4:15: proxies[0].upstream: the upstream is an http://host:port URL")
                .contains(file + ":6:34: proxies[0].routes[1]: a route template starts with '/'")
                .contains(file + ":11:5: proxies[1].colour: is not a known key")
                .contains(file + ":7:11: proxies[1].name: a proxy name is");
    }
}
