package dev.chaoslab.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.scenario.Scenario;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A run's meters leave the registry when the last run holding them ends, so /metrics does not grow per run. */
@ExtendWith(VertxExtension.class)
class RunMetersReleaseTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("meters shared by two runs of a scenario stay while one runs and leave when both ended")
    void metersAreReleased(Vertx vertx) {
        HttpServer app = vertx.createHttpServer()
                .requestHandler(req -> req.response().end())
                .listen(0, "127.0.0.1")
                .await();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RunManager manager = new RunManager(
                vertx,
                new RunManagerOptions().setMeterRegistry(registry).setMeterRetentionMs(0),
                ReportSink.none(),
                null);
        try {
            Scenario scenario = Scenarios.constant("release", app.actualPort(), "/", 20, "30s");
            int before = registry.getMeters().size();
            Run first = manager.start(scenario, Scenarios.patient()).await();
            Run second = manager.start(scenario, Scenarios.patient()).await();
            assertThat(registry.find("chaoslab.requests")
                            .tag("scenario", "release")
                            .counters())
                    .isNotEmpty();

            first.stop().await();
            assertThat(registry.find("chaoslab.requests")
                            .tag("scenario", "release")
                            .counters())
                    .as("the second run still holds the shared meters")
                    .isNotEmpty();
            assertThat(registry.scrape()).contains("chaoslab_requests_total{outcome=\"ok\"");

            second.stop().await();
            assertThat(registry.find("chaoslab.requests").counters()).isEmpty();
            assertThat(registry.find("chaoslab.request.latency").timers()).isEmpty();
            assertThat(registry.find("chaoslab.requests.scheduled").counters()).isEmpty();
            assertThat(registry.getMeters().size()).isLessThanOrEqualTo(before + 3); // the per-scenario gauges
        } finally {
            manager.close().await();
            app.close().await();
        }
    }
}
