package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.ReportSink;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * One run's state machine: starting (alert pre-flight, lanes), running (phases, ticks, chaos, the rate dial), then
 * ending once (traffic stops and drains, faults are cleared, alerts settle and are judged, the report is saved).
 * {@link TrafficWiring} wires {@link Lanes}, {@link JourneyRunner}, {@link OutcomeRecorder} and
 * {@link SecondTicker}; {@link RateDial}, {@link Phases} and {@link AlertSteps} do the rest of the work;
 * {@link RunFinisher} finishes the stopped traffic; {@link RunRecord} keeps what the status and report show. Time
 * comes from one {@link RunClock}.
 *
 * <p>Thread-safety: control state is confined to the run's context (the verticle the manager deploys for it),
 * traffic to the lanes' contexts. Other threads see the status the run's record publishes (volatile, immutable once
 * published) and call {@link #changeRate} and {@link #stop()} (which hop onto the contexts).
 */
final class DefaultRun implements Run {
    private final String id;
    private final Scenario scenario;
    private final SimulatorMetrics metrics;
    private final RunLog log;
    private final RunClock clock;
    private final RateDial dial;
    private final AlertSteps alertSteps;
    private final Phases phases;
    private final int phaseCount;
    private final Promise<RunReport> result = Promise.promise();
    private final ThresholdEvaluator thresholds;
    private final TrafficWiring wiring;
    private final RunRecord record;
    private final RunFinisher finisher;
    private final Runnable onFinished;
    private final ShardPlan shard;

    // confined to the run's context
    private Context context;
    /** The running traffic's parts; null until it starts. */
    private TrafficWiring.Traffic traffic;

    private long endMs = -1;
    private volatile long startNanos;

    DefaultRun(
            String id,
            Scenario scenario,
            RunOptions runOptions,
            Vertx vertx,
            RunManagerOptions managerOptions,
            ReportSink sink,
            AlertCheck alertCheck,
            SimulatorMetrics metrics,
            RunClock clock,
            Runnable onFinished) {
        this.id = id;
        this.scenario = scenario;
        this.metrics = metrics;
        this.clock = clock;
        this.onFinished = onFinished;
        this.log = new RunLog(LoggerFactory.getLogger(DefaultRun.class), id, scenario.name());
        // a shard that is not the leader runs no chaos and judges no alerts: its scenario is stripped of both
        Scenario role = ShardPlan.role(scenario, runOptions.shard());
        this.alertSteps = new AlertSteps(vertx, role, alertCheck, log, AlertSteps.SETTLE_CHECK);
        long seed = runOptions.seed() != null ? runOptions.seed() : new SplittableRandom().nextLong();
        ArrivalGenerator generator = new ArrivalGenerator(scenario.phases(), seed, managerOptions.maxRate());
        this.shard = new ShardPlan(vertx, scenario, runOptions, seed, generator, clock.now());
        List<String> phaseNames = generator.phaseNames();
        long[] phaseBoundaries = generator.phaseBoundariesNanos();
        this.phaseCount = phaseNames.size();
        this.phases = new Phases(vertx, metrics, id, scenario.name(), log, phaseNames, phaseBoundaries);
        this.thresholds = new ThresholdEvaluator(scenario.thresholds());
        ErrorCatalog errors = new ErrorCatalog();
        AtomicLong inFlight = new AtomicLong();
        LoadOptions load = new LoadOptions(runOptions.load() != null ? runOptions.load() : managerOptions.load());
        this.wiring = new TrafficWiring(
                id, role, vertx, managerOptions, load, metrics, log, clock, errors, inFlight, phaseNames, shard);
        this.record = new RunRecord(
                new RunSnapshots(id, scenario, phaseNames, phaseBoundaries),
                generator,
                runOptions.rateMultiplier(),
                this::elapsedNanos,
                inFlight,
                errors,
                phaseNames,
                log);
        this.dial = record.dial();
        this.finisher = new RunFinisher(id, record, alertSteps, thresholds, sink, clock, log, shard);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Scenario scenario() {
        return scenario;
    }

    @Override
    public RunStatus status() {
        return record.status();
    }

    @Override
    public Future<RunReport> result() {
        return result.future();
    }

    // ---- start -------------------------------------------------------------------------------------------

    /** Runs the alert pre-flight check and starts traffic and chaos; called on the run's own context. */
    Future<Void> begin(Context ctx) {
        this.context = ctx;
        ctx.exceptionHandler(this::failed);
        return alertSteps
                .preflight()
                .compose(v -> wiring.deploy(this::failed))
                .compose(deployed -> wiring.registerMeters()
                        .compose(meters -> shard.awaitStart(clock).map(meters))
                        .map(meters -> {
                            startTraffic(deployed, meters);
                            return null;
                        }));
    }

    /** An uncaught failure on the run's or a lane's context fails the run (once traffic has started). */
    private void failed(Throwable err) {
        log.error("run failed: {}", err.toString());
        if (traffic != null) {
            fail(err);
        }
    }

    private void startTraffic(Lanes deployed, RunMeters meters) {
        Instant startedAt = shard.startedAt(clock.now());
        startNanos = shard.startNanos(clock);
        TrafficWiring.Traffic wired = wiring.wire(
                deployed,
                meters,
                context,
                startNanos,
                record::ending,
                finisher::reported,
                this::fail,
                this::laneDone,
                this::secondClosed);
        record.started(startedAt, wired.stats(), wired.chaos());
        traffic = wired;
        record.expectationsFrom(() -> alertSteps.progress(timeline()));
        metrics.attach(scenario.name(), dial);
        phases.start(this::enterPhase);
        wired.ticker().start();
        log.info(
                "run started: scenario '{}', {} phase(s), {} s planned, {} chaos step(s), {} lane(s)",
                scenario.name(),
                phaseCount,
                scenario.totalDuration().toSeconds(),
                scenario.chaos().size(),
                deployed.size());
        deployed.start();
        wired.chaos().start();
        record.publish();
    }

    private void enterPhase(int phase) {
        record.phase(phases.enter(phase));
        record.publish();
    }

    /** A lane's schedule is over (called on the lane's context): the run completes once every lane's is. */
    private void laneDone() {
        context.runOnContext(v -> {
            if (traffic.lanes().laneDone()) {
                end(RunState.COMPLETED, null);
            }
        });
    }

    /** Fails the run from any thread: traffic stops, faults are cleared, a report with the failure is saved. */
    void fail(Throwable cause) {
        if (context != null) {
            context.runOnContext(v -> end(RunState.FAILED, cause));
        }
    }

    private void secondClosed(RunSeconds.Second second, double achieved) {
        record.achievedRate(achieved);
        abortOnFailedThreshold();
        record.publish();
    }

    /**
     * k6's {@code abortOnFail}: once a second, each such threshold past its {@code delayAbortEval} is checked on the
     * figures so far, and the first one that fails stops the run (a partial report, its faults cleared) instead of
     * letting a broken run go on. One with nothing to measure yet (its phase not begun) waits.
     */
    private void abortOnFailedThreshold() {
        if (record.ending()) {
            return;
        }
        thresholds.abort(traffic.stats(), elapsedMs()).ifPresent(abort -> {
            record.abortedBy(abort);
            log.warn("stopping the run: {}", abort.detail());
            end(RunState.STOPPED, null);
        });
    }

    private long elapsedNanos() {
        return clock.nanoTime() - startNanos;
    }

    private long elapsedMs() {
        return elapsedNanos() / 1_000_000;
    }

    // ---- the end -----------------------------------------------------------------------------------------

    @Override
    public Future<RunReport> stop() {
        if (context != null) {
            context.runOnContext(v -> end(RunState.STOPPED, null));
        }
        return result.future();
    }

    /** Ends the run once: traffic stops, in-flight requests drain, faults are cleared, the report is saved. */
    void end(RunState finalState, Throwable cause) {
        if (record.ending()) {
            return;
        }
        record.beginEnding(cause == null ? null : cause.getMessage() != null ? cause.getMessage() : cause.toString());
        endMs = elapsedMs();
        phases.stop();
        finisher.finish(traffic, finalState, endMs, this::timeline)
                .onComplete(ar -> cleanUp().onComplete(v -> result.complete(ar.result())));
    }

    /** Releases what the run held; completes once the lanes are closed. */
    private Future<Void> cleanUp() {
        metrics.detach(scenario.name(), dial);
        Future<Void> closed = wiring.release(traffic);
        onFinished.run();
        return closed;
    }

    /** The run's timeline for the alert verdicts; call on the run's context. */
    RunTimeline timeline() {
        return phases.timeline(
                record.startedAt(),
                endMs >= 0 ? endMs : elapsedMs(),
                traffic.chaos().snapshot());
    }

    // ---- rate dial ---------------------------------------------------------------------------------------

    @Override
    public void changeRate(RateChange change) {
        shard.checkDial(id);
        RunState state = record.state();
        if (state.finished() || context == null) {
            throw new IllegalStateException(
                    "run " + id + " is " + state.key() + "; only a running run's rate can change");
        }
        long nowMs = dial.change(change) / 1_000_000;
        record.rateChanged(new RateChangeAt(nowMs, change.multiplier(), change.absolute()));
        if (traffic != null) {
            traffic.lanes().wakeUp(record::ending);
        }
        context.runOnContext(v -> record.publish());
    }
}
