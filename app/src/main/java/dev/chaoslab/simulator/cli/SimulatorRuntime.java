package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@code run}, {@code serve} and {@code demo} share: the simulator's telemetry and Vert.x instance, the
 * report store and the run manager. Closed in the reverse order.
 */
final class SimulatorRuntime implements AutoCloseable {

    static final String SERVICE_NAME = "simulator";

    private final ServiceTelemetry telemetry;
    private final Vertx vertx;
    private final ReportStore store;
    private RunManager runs;

    private SimulatorRuntime(ServiceTelemetry telemetry, Vertx vertx, ReportStore store) {
        this.telemetry = telemetry;
        this.vertx = vertx;
        this.store = store;
    }

    /** Creates the Vert.x instance and opens the report store; {@link #startRuns} then creates the run manager. */
    static SimulatorRuntime open(Path dataDir) {
        ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnv(SERVICE_NAME));
        // native epoll where there is one (Linux): the load client spends most of its time in socket syscalls
        Vertx vertx = telemetry.newVertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            ReportStore store = ReportStore.open(vertx, dataDir).await(30, TimeUnit.SECONDS);
            return new SimulatorRuntime(telemetry, vertx, store);
        } catch (Exception e) {
            vertx.close().await();
            telemetry.close();
            throw new IllegalStateException(
                    "cannot open the data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage()
                            + " (set --data-dir or CHAOSLAB_DATA_DIR to a writable directory)",
                    e);
        }
    }

    /** Creates the run manager: reports go to the store, alerts are checked with {@code alertCheck} (nullable). */
    RunManager startRuns(RunManagerOptions options, AlertCheck alertCheck) {
        options.setMeterRegistry(telemetry.registry()).setTracer(telemetry.tracer("dev.chaoslab.simulator"));
        runs = new RunManager(vertx, options, store, alertCheck);
        return runs;
    }

    /** Stops the runs still going (clearing their faults) and closes the run manager; idempotent. */
    void closeRuns() {
        RunManager current = runs;
        runs = null;
        if (current != null) {
            try {
                current.close().await(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Faults carry TTLs, so the targets drop them even if clearing did not finish.
            }
        }
    }

    /**
     * Serves the simulator's /metrics (and /health) on a free loopback port, for a local Prometheus to scrape
     * during a foreground run. Returns {@code 127.0.0.1:port}.
     */
    String serveMetrics() {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(telemetry.metricsHandler());
        router.get("/health")
                .handler(ctx -> ctx.json(new JsonObject().put("status", "UP").put("service", SERVICE_NAME)));
        int port = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await()
                .actualPort();
        return "127.0.0.1:" + port;
    }

    ServiceTelemetry telemetry() {
        return telemetry;
    }

    Vertx vertx() {
        return vertx;
    }

    ReportStore store() {
        return store;
    }

    RunManager runs() {
        return runs;
    }

    @Override
    public void close() {
        closeRuns();
        try {
            vertx.close().await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Closing is best effort at exit; the run's faults were already cleared by its stop.
        } finally {
            telemetry.close();
        }
    }
}
