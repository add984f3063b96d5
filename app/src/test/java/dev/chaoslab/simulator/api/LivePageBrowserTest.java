package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in Debian's headless chromium: serves the API with a token and the shop in this process, then runs
 * {@code src/test/browser/live-page.test.mjs} (playwright-core; {@code scripts/install-deps.sh} installs chromium
 * and the pinned npm packages) and passes when every step of it held. Screenshots land in
 * {@code app/target/live-page/}.
 */
@ExtendWith(VertxExtension.class)
class LivePageBrowserTest {

    private static final String TOKEN = "browser-test-token";
    private static final Path BROWSER_DIR = Path.of("src/test/browser");
    private static final Path ARTIFACTS = Path.of("target/live-page");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @DisplayName("in a real browser: bad input is shown, a run starts, shows its rate and fault live, obeys the dial, "
            + "stops and links its report")
    void livePage(Vertx vertx, @TempDir Path dir) throws Exception {
        assertThat(Path.of("/usr/bin/chromium"))
                .as("Debian's chromium: run scripts/install-deps.sh")
                .exists();
        assertThat(BROWSER_DIR.resolve("node_modules/playwright-core"))
                .as("the pinned npm packages: run scripts/install-deps.sh (npm ci in app/src/test/browser)")
                .exists();
        RunningTargets shop = Targets.start(TargetsConfig.allOnFreePorts().setTelemetry(false))
                .await(60, TimeUnit.SECONDS);
        try {
            Files.writeString(
                    dir.resolve("scenarios.yaml"), scenario(shop.baseUrls().get("gateway")));
            Files.writeString(dir.resolve("invalid.yaml"), """
          scenarios:
            - name: broken
              targets: {gateway: http://127.0.0.1:1}
              phases:
                - {name: main, duration: soon, shape: {type: constant, rate: -3}}
              requests:
                - {name: r, weight: 1, target: nowhere, path: /}
          """);
            ReportStore store = ReportStore.open(vertx, dir.resolve("data")).await();
            RunManager runs = new RunManager(vertx, new RunManagerOptions(), store, null);
            ApiOptions options = new ApiOptions().setPort(0).setScenarioDir(dir).setToken(TOKEN);
            ApiVerticle api = new ApiVerticle(
                    options,
                    v -> ApiRouter.create(
                            v,
                            options,
                            runs,
                            store,
                            new ScenarioLoader(),
                            ctx -> ctx.response().end("# metrics\n")));
            vertx.deployVerticle(api).await();
            try {
                Files.createDirectories(ARTIFACTS);
                Path log = ARTIFACTS.resolve("browser-test.log");
                ProcessBuilder node = new ProcessBuilder("node", "live-page.test.mjs")
                        .directory(BROWSER_DIR.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                node.environment().put("CHAOSLAB_URL", "http://127.0.0.1:" + api.actualPort());
                node.environment().put("CHAOSLAB_TOKEN", TOKEN);
                node.environment().put("CHAOSLAB_SCENARIO", "live");
                node.environment()
                        .put("CHAOSLAB_ARTIFACTS", ARTIFACTS.toAbsolutePath().toString());
                Process process = node.start();
                boolean exited = process.waitFor(3, TimeUnit.MINUTES);
                if (!exited) {
                    process.destroyForcibly();
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(exited)
                        .as("the browser test ended; its output:\n" + output)
                        .isTrue();
                assertThat(process.exitValue())
                        .as("the browser test's steps:\n" + output)
                        .isZero();
                assertThat(ARTIFACTS.resolve("live-page-1280.png")).isNotEmptyFile();
            } finally {
                runs.runs().forEach(run -> run.stop().await());
            }
        } finally {
            shop.close().await(20, TimeUnit.SECONDS);
        }
    }

    /** A minute at 20/s through the shop's gateway with half of its answers turned into 503 from the second second. */
    private static String scenario(String gateway) {
        return """
        scenarios:
          - name: live
            description: A short run for the live page's browser test.
            targets: {gateway: %s}
            phases:
              - {name: main, duration: 60s, shape: {type: constant, rate: 20}}
            requests:
              - {name: list-products, weight: 1, target: gateway, method: GET, path: /api/products}
            chaos:
              - name: gateway-503
                at: 2s
                target: gateway
                duration: 50s
                fault: {type: error, status: 503, probability: 0.5}
        """.formatted(gateway);
    }
}
