package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.chaos.ChaosClient;
import dev.chaoslab.simulator.chaos.ChaosTimeline;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.result.AbortedBy;
import dev.chaoslab.simulator.result.PhaseSpan;
import dev.chaoslab.simulator.result.Rate;
import dev.chaoslab.simulator.result.RateChangeAt;
import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.RunState;
import dev.chaoslab.simulator.result.RunStatus;
import dev.chaoslab.simulator.result.RunTimeline;
import dev.chaoslab.simulator.result.Verdict;
import dev.chaoslab.simulator.scenario.RequestStep;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import dev.chaoslab.simulator.result.ReportSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run's state machine: starting (alert pre-flight, lanes), running (phases, ticks, chaos, the rate dial), then
 * ending once (traffic stops and drains, faults are cleared, alerts settle and are judged, the report is saved).
 * {@link Lanes}, {@link JourneyRunner}, {@link OutcomeRecorder}, {@link SecondTicker}, {@link RateDial},
 * {@link Phases} and {@link AlertSteps} do the work; time comes from one {@link RunClock}.
 *
 * <p>Thread-safety: control state is confined to the run's context (the verticle the manager deploys for it),
 * traffic to the lanes' contexts. Other threads see the status JSON the run publishes (volatile, immutable once
 * published) and call {@link #changeRate} and {@link #stop()} (which hop onto the contexts).
 */
final class DefaultRun implements Run {
  /** Kinds of error the live status lists (the most frequent); the report lists them all. */
  static final int STATUS_ERROR_KINDS = 10;

  private final String id;
  private final Scenario scenario;
  private final Vertx vertx;
  private final RunManagerOptions managerOptions;
  private final LoadOptions load;
  private final ReportSink sink;
  private final SimulatorMetrics metrics;
  private final RunLog log;
  private final RunClock clock;
  private final ArrivalGenerator generator;
  private final RateDial dial;
  private final AlertSteps alertSteps;
  private final Phases phases;
  private final SplittableRandom seeds;
  private final List<String> phaseNames;
  private final long[] phaseBoundaries;
  private final Promise<RunReport> result = Promise.promise();
  private final List<RateChangeAt> rateChanges = new CopyOnWriteArrayList<>();
  private final RunSnapshots snapshots;
  private final ThresholdEvaluator thresholds;
  private final Runnable onFinished;

  // confined to the run's context
  private Context context;
  private Lanes lanes;
  private RunMeters meters;
  private SecondTicker ticker;
  private InFlight gate;
  private ChaosClient chaosClient;
  private ChaosTimeline chaos;
  private long endMs = -1;
  private volatile RunStats stats;

  // shared with the lanes
  private final ErrorCatalog errors = new ErrorCatalog();
  /** The threshold that stopped the run (k6's abortOnFail), or null; set on the run's context. */
  private volatile AbortedBy abortedBy;
  private final AtomicLong inFlight = new AtomicLong();
  private volatile boolean ending;
  private volatile boolean reported;
  private Instant endedAt;
  private String failure;

  // read from other threads
  private volatile long startNanos;
  private volatile Instant startedAt;
  private volatile RunState state = RunState.RUNNING;
  private volatile String phaseLabel;
  private volatile double achievedRate;
  private volatile long inFlightNow;
  private volatile RunStatus snapshot;
  private volatile double dialMultiplier = 1.0;
  private volatile Double dialAbsolute;

  DefaultRun(String id, Scenario scenario, RunOptions runOptions, Vertx vertx, RunManagerOptions managerOptions,
             ReportSink sink, AlertCheck alertCheck, SimulatorMetrics metrics, RunClock clock, Runnable onFinished) {
    this.id = id;
    this.scenario = scenario;
    this.vertx = vertx;
    this.managerOptions = managerOptions;
    this.load = new LoadOptions(runOptions.load() != null ? runOptions.load() : managerOptions.load());
    this.sink = sink;
    this.metrics = metrics;
    this.clock = clock;
    this.onFinished = onFinished;
    this.log = new RunLog(LoggerFactory.getLogger(DefaultRun.class), id, scenario.name());
    this.alertSteps = new AlertSteps(vertx, scenario, alertCheck, log);
    long seed = runOptions.seed() != null ? runOptions.seed() : new SplittableRandom().nextLong();
    this.generator = new ArrivalGenerator(scenario.phases(), seed, managerOptions.maxRate());
    this.dial = new RateDial(generator, this::elapsedNanos, () -> startedAt != null && !state.finished(),
      () -> achievedRate, () -> inFlightNow, log);
    dial.startWith(runOptions.rateMultiplier());
    this.dialMultiplier = dial.multiplier();
    this.seeds = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.phaseNames = generator.phaseNames();
    this.phaseBoundaries = generator.phaseBoundariesNanos();
    this.phases = new Phases(vertx, metrics, id, scenario.name(), log, phaseNames, phaseBoundaries);
    this.snapshots = new RunSnapshots(id, scenario, phaseNames, phaseBoundaries);
    this.thresholds = new ThresholdEvaluator(scenario.thresholds());
    this.snapshot = snapshots.status(moment(STATUS_ERROR_KINDS));
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
    RunStatus status = snapshot;
    if (status.rate().multiplier() != dialMultiplier || !Objects.equals(status.rate().absolute(), dialAbsolute)) {
      // the dial moved since the last snapshot: show it at once
      status = status.withDial(dialMultiplier, dialAbsolute);
    }
    return status;
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
    // every lane needs a connection of its own: never more lanes than connections
    return alertSteps.preflight()
      .compose(v -> Lanes.deploy(vertx, Math.min(load.lanes(), load.maxConnections()), load,
        managerOptions.tracer(), seeds, phaseNames.size(), this::failed))
      // registering meters is CPU work proportional to phases x labels: on a worker, not the run's event loop
      .compose(deployed -> vertx.executeBlocking(() -> RunMeters.register(metrics, id, scenario.name(), phaseNames,
        JourneyRunner.stepLabels(scenario.requests()).values()), false)
        .map(made -> {
          startTraffic(deployed, made);
          return null;
        }));
  }

  /** An uncaught failure on the run's or a lane's context fails the run (once traffic has started). */
  private void failed(Throwable err) {
    log.error("run failed: {}", err.toString());
    if (lanes != null) {
      fail(err);
    }
  }

  private void startTraffic(Lanes deployed, RunMeters made) {
    Map<RequestStep, String> stepLabels = JourneyRunner.stepLabels(scenario.requests());
    meters = made;
    chaosClient = new ChaosClient(vertx, managerOptions.chaosTimeoutMs());
    stats = new RunStats(phaseNames);
    scenario.requests().forEach(r -> stats.arrivalLabel(r.name()));
    startedAt = clock.now();
    startNanos = clock.nanoTime();
    chaos = new ChaosTimeline(context, chaosClient, ChaosSteps.of(scenario), id, scenario.name(), metrics, log,
      this::elapsedMs, managerOptions.chaosTtlMarginMs());
    gate = new InFlight(inFlight, load, vertx, context, log);
    JourneyRunner journeys = new JourneyRunner(scenario, stepLabels, meters, gate, clock, startNanos, log,
      () -> ending, this::fail);
    deployed.plan(laneStats -> new OutcomeRecorder(laneStats, meters, errors, log, this::elapsedMs, () -> reported),
      generator, clock, startNanos, journeys, this::laneDone);
    ticker = new SecondTicker(vertx, clock, startNanos, stats, deployed.stats(), inFlight::get, this::secondClosed);
    lanes = deployed;
    metrics.attach(scenario.name(), dial);
    phases.start(this::enterPhase);
    ticker.start();
    log.info("run started: scenario '{}', {} phase(s), {} s planned, {} chaos step(s), {} lane(s)", scenario.name(),
      phaseNames.size(), scenario.totalDuration().toSeconds(), scenario.chaos().size(), lanes.size());
    lanes.start();
    chaos.start();
    publish();
  }

  private void enterPhase(int phase) {
    phaseLabel = phases.enter(phase);
    publish();
  }

  /** A lane's schedule is over (called on the lane's context): the run completes once every lane's is. */
  private void laneDone() {
    context.runOnContext(v -> {
      if (lanes.laneDone()) {
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

  private void secondClosed(RunStats.Second second, double achieved) {
    achievedRate = achieved;
    abortOnFailedThreshold();
    publish();
  }

  /**
   * k6's {@code abortOnFail}: once a second, each such threshold past its {@code delayAbortEval} is checked on the
   * figures so far, and the first one that fails stops the run (a partial report, its faults cleared) instead of
   * letting a broken run go on. One with nothing to measure yet (its phase not begun) waits.
   */
  private void abortOnFailedThreshold() {
    if (ending) {
      return;
    }
    thresholds.abort(stats, elapsedMs()).ifPresent(abort -> {
      abortedBy = abort;
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
    if (ending) {
      return;
    }
    ending = true;
    endMs = elapsedMs();
    failure = cause == null ? null : cause.getMessage() != null ? cause.getMessage() : cause.toString();
    lanes.stop();
    phases.stop();
    ticker.merge();
    if (finalState == RunState.COMPLETED) {
      log.info("traffic ended after {} ms: {} scheduled, {} sent, {} dropped", endMs, stats.scheduledCount(),
        stats.sentCount(), stats.droppedCount());
    } else {
      log.warn("run {} after {} ms{}", finalState.key(), endMs, failure == null ? "" : ": " + failure);
    }
    phaseLabel = null;
    publish();
    gate.drain(finalState == RunState.COMPLETED)
      .compose(v -> chaos.clearAll())
      .compose(v -> finalState == RunState.COMPLETED ? alertSteps.settle(() -> {
        phaseLabel = "settling";
        publish();
      }) : Future.succeededFuture())
      .compose(v -> alertSteps.verdicts(timeline()))
      .recover(err -> {
        log.error("run {} could not finish cleanly: {}", id, err.toString());
        return Future.succeededFuture(List.<Verdict>of());
      })
      .map(expectations -> {
        // the last merge: what the lanes record from here on is left out of the report
        ticker.finish();
        endedAt = clock.now();
        state = failure != null ? RunState.FAILED : finalState;
        publish();
        reported = true;
        return report(expectations);
      })
      .compose(report -> sink.save(report)
        .recover(err -> {
          log.error("the report of run {} could not be saved: {}", id, err.getMessage());
          return Future.succeededFuture();
        })
        .map(report))
      .onComplete(ar -> cleanUp().onComplete(v -> result.complete(ar.result())));
  }

  /** Releases what the run held; completes once the lanes are closed, so closing Vert.x next races nothing. */
  private Future<Void> cleanUp() {
    ticker.cancel();
    metrics.detach(scenario.name(), dial);
    releaseMeters();
    Future<Void> closed = lanes.close();
    chaosClient.close();
    onFinished.run();
    return closed;
  }

  /** The run's meters leave {@code /metrics} after the retention, once a scraper has seen their final values. */
  private void releaseMeters() {
    RunMeters held = meters;
    if (held == null) {
      return;
    }
    long keepMs = managerOptions.meterRetentionMs();
    if (keepMs == 0) {
      held.release();
    } else {
      vertx.setTimer(keepMs, t -> held.release());
    }
  }

  /** The run's timeline for the alert verdicts; call on the run's context. */
  RunTimeline timeline() {
    return phases.timeline(startedAt, endMs >= 0 ? endMs : elapsedMs(), chaos.snapshot());
  }

  // ---- rate dial ---------------------------------------------------------------------------------------

  @Override
  public void changeRate(RateChange change) {
    if (state.finished() || context == null) {
      throw new IllegalStateException("run " + id + " is " + state.key() + "; only a running run's rate can change");
    }
    long nowMs = dial.change(change) / 1_000_000;
    dialMultiplier = dial.multiplier();
    dialAbsolute = dial.absolute();
    rateChanges.add(new RateChangeAt(nowMs, change.multiplier(), change.absolute()));
    if (lanes != null) {
      lanes.wakeUp(() -> ending);
    }
    context.runOnContext(v -> publish());
  }

  // ---- snapshots ---------------------------------------------------------------------------------------

  private void publish() {
    inFlightNow = inFlight.get();
    snapshot = snapshots.status(moment(STATUS_ERROR_KINDS));
  }

  /** The run as it is now, for its status and report; on the run's context (or in the constructor). */
  private RunSnapshots.Moment moment(int errorKinds) {
    boolean started = startedAt != null;
    long elapsed = !started ? 0 : endedAt != null ? Duration.between(startedAt, endedAt).toMillis() : elapsedMs();
    double scheduled = started && !ending ? generator.scheduledRate(elapsedNanos()) : 0;
    Rate rate = new Rate(round1(scheduled), state.finished() ? 0.0 : achievedRate, dialMultiplier, dialAbsolute);
    // before the traffic starts (the constructor's first snapshot) there are no stats yet: empty ones read the same
    RunStats shown = stats == null ? new RunStats(phaseNames) : stats;
    return new RunSnapshots.Moment(state, failure, abortedBy, startedAt, endedAt, elapsed, phaseLabel, rate,
      inFlight.get(), chaos == null ? List.of() : chaos.snapshot(), shown, errors.kinds(errorKinds));
  }

  /** The report: the final status plus the details; built on the run's context. */
  private RunReport report(List<Verdict> expectations) {
    List<PhaseSpan> spans = new ArrayList<>();
    timeline().phases().forEach(p -> spans.add(new PhaseSpan(p.name(), p.startMs(), p.endMs())));
    return snapshots.report(moment(Integer.MAX_VALUE), spans, thresholds.results(stats, abortedBy),
      List.copyOf(rateChanges), expectations);
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
