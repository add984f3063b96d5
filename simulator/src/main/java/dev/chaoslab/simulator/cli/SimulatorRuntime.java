package dev.chaoslab.simulator.cli;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.telemetry.ServiceTelemetry;
import dev.chaoslab.telemetry.TelemetryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

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
  private final RunManager runs;

  private SimulatorRuntime(ServiceTelemetry telemetry, Vertx vertx, ReportStore store, RunManager runs) {
    this.telemetry = telemetry;
    this.vertx = vertx;
    this.store = store;
    this.runs = runs;
  }

  /** Creates the Vert.x instance and opens the report store; call {@link #withRuns} to get a run manager. */
  static SimulatorRuntime open(Path dataDir) {
    ServiceTelemetry telemetry = ServiceTelemetry.create(TelemetryOptions.fromEnv(SERVICE_NAME));
    Vertx vertx = telemetry.newVertx(new VertxOptions());
    try {
      ReportStore store = ReportStore.open(vertx, dataDir).await(30, TimeUnit.SECONDS);
      return new SimulatorRuntime(telemetry, vertx, store, null);
    } catch (Exception e) {
      vertx.close().await();
      telemetry.close();
      throw new IllegalStateException("cannot open the data directory " + dataDir.toAbsolutePath() + ": "
          + e.getMessage() + " (set --data-dir or CHAOSLAB_DATA_DIR to a writable directory)", e);
    }
  }

  /** This runtime with a run manager that saves to the store and checks alerts with {@code alertCheck} (nullable). */
  SimulatorRuntime withRuns(RunManagerOptions options, AlertCheck alertCheck) {
    options.setMeterRegistry(telemetry.registry()).setTracer(telemetry.tracer("chaoslab-simulator"));
    return new SimulatorRuntime(telemetry, vertx, store, new RunManager(vertx, options, store, alertCheck));
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
    try {
      vertx.close().await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Closing is best effort at exit; the run's faults were already cleared by its stop.
    } finally {
      telemetry.close();
    }
  }
}
