package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts and keeps the runs of one simulator process. Each run gets its own event-loop context (a verticle
 * deployed for it) and a run id {@code r-yyyyMMdd-HHmmss-xxxx}. At most
 * {@link RunManagerOptions#maxConcurrentRuns()} runs are running at once; finished runs stay listed (the
 * last {@link RunManagerOptions#keepFinished()}) with their reports. Thread-safe.
 */
public final class RunManager {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final SecureRandom ID_RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final RunManagerOptions options;
    private final ReportSink sink;
    private final AlertCheck alertCheck;
    private final SimulatorMetrics metrics;
    private final Map<String, DefaultRun> runs = new LinkedHashMap<>();
    private int active;

    /**
     * @param alertCheck checks alert expectations; null when no Prometheus is configured (expectations stay empty)
     */
    public RunManager(Vertx vertx, RunManagerOptions options, ReportSink sink, AlertCheck alertCheck) {
        this.vertx = vertx;
        this.options = options;
        this.sink = sink;
        this.alertCheck = alertCheck;
        this.metrics = new SimulatorMetrics(options.meterRegistry());
    }

    /**
     * Starts a run: traffic and chaos begin once the alert pre-flight check passed.
     *
     * @return the running run; fails with {@link RunRejectedException} when the limit of concurrent runs is
     *     reached, with {@link RunStartException} when the pre-flight check fails
     */
    public Future<Run> start(Scenario scenario, RunOptions runOptions) {
        String id;
        synchronized (this) {
            if (active >= options.maxConcurrentRuns()) {
                return Future.failedFuture(new RunRejectedException(options.maxConcurrentRuns()));
            }
            active++;
            do {
                id = newId();
            } while (runs.containsKey(id));
        }
        String runId = id;
        DefaultRun run;
        try {
            run = new DefaultRun(
                    runId,
                    scenario,
                    runOptions == null ? RunOptions.defaults() : runOptions,
                    vertx,
                    options,
                    sink,
                    alertCheck,
                    metrics,
                    RunClock.SYSTEM,
                    () -> finished(runId));
        } catch (RuntimeException e) {
            release();
            return Future.failedFuture(
                    new RunStartException("cannot plan scenario '" + scenario.name() + "': " + e.getMessage(), e));
        }
        Promise<Run> started = Promise.promise();
        vertx.deployVerticle(new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return run.begin(context);
                    }
                })
                .onSuccess(deploymentId -> {
                    synchronized (this) {
                        runs.put(runId, run);
                    }
                    // when Vert.x is closing it undeploys everything itself; a second undeploy would only log an error
                    run.result().onComplete(ar -> {
                        if (vertx.deploymentIDs().contains(deploymentId)) {
                            vertx.undeploy(deploymentId);
                        }
                    });
                    started.complete(run);
                })
                .onFailure(err -> {
                    release();
                    started.fail(
                            err instanceof RunStartException
                                    ? err
                                    : new RunStartException(
                                            "cannot start scenario '" + scenario.name() + "': " + err.getMessage(),
                                            err));
                });
        return started.future();
    }

    /** Every run this process knows: the running ones and the last finished ones, oldest first. */
    public synchronized Collection<Run> runs() {
        return List.copyOf(runs.values());
    }

    public synchronized Optional<Run> run(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** The simulator's metrics (on the registry of the options). */
    public SimulatorMetrics metrics() {
        return metrics;
    }

    /** Stops every running run (their faults are cleared and their partial reports saved). */
    public Future<Void> close() {
        List<Future<RunReport>> stops = new ArrayList<>();
        for (Run run : runs()) {
            if (!run.status().state().finished()) {
                stops.add(run.stop());
            }
        }
        return Future.join(stops).mapEmpty();
    }

    private void finished(String runId) {
        synchronized (this) {
            active--;
            int excess = (int) runs.values().stream()
                            .filter(r -> r.status().state().finished())
                            .count()
                    - options.keepFinished();
            var it = runs.entrySet().iterator();
            while (excess > 0 && it.hasNext()) {
                var entry = it.next();
                if (entry.getValue().status().state().finished()
                        && !entry.getKey().equals(runId)) {
                    it.remove();
                    excess--;
                }
            }
        }
    }

    private synchronized void release() {
        active--;
    }

    private static String newId() {
        return "r-" + ZonedDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + String.format("%04x", ID_RANDOM.nextInt(0x10000));
    }
}
