package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.chaos.ChaosClient;
import dev.chaoslab.simulator.chaos.ChaosTimeline;
import dev.chaoslab.simulator.chaos.FaultStatus;
import dev.chaoslab.simulator.chaos.ScheduledFault;
import dev.chaoslab.simulator.load.ArrivalSchedule;
import dev.chaoslab.simulator.load.Exchange;
import dev.chaoslab.simulator.load.HttpLoadClient;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.load.OpenModelScheduler;
import dev.chaoslab.simulator.load.Outcome;
import dev.chaoslab.simulator.load.OutgoingRequest;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.report.Format;
import dev.chaoslab.simulator.scenario.ChaosStep;
import dev.chaoslab.simulator.scenario.ExpectedStatuses;
import dev.chaoslab.simulator.scenario.RequestMix;
import dev.chaoslab.simulator.scenario.RequestSpec;
import dev.chaoslab.simulator.scenario.RequestStep;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.scenario.Threshold;
import dev.chaoslab.simulator.scenario.template.TemplateContext;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Scope;
import io.vertx.tracing.opentelemetry.VertxContextStorageProvider;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine of one run: open-model traffic from the scenario's phases, the request mix and journeys, the
 * chaos timeline, per-second accounting, and the report at the end.
 *
 * <p>Thread-safety: the run's control state (phases, the per-second tick, the chaos timeline, the end) is
 * confined to the run's own event-loop context (the context of the verticle the manager deploys for it).
 * Traffic is sent from {@link Lane}s, one event-loop context each (the run's arrivals are spread over the
 * cores); their scheduler, HTTP exchanges and callbacks are confined to the lane. What lanes share is
 * thread-safe: the statistics (synchronized), the meters (Micrometer's), the in-flight count (atomic), the
 * arrival generator (synchronized). Other threads see the status JSON the run publishes (volatile, immutable
 * once published) and call {@link #changeRate} and {@link #stop()} (which hop onto the contexts).
 */
final class DefaultRun implements Run, SimulatorMetrics.RunGauges {
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("chaoslab.run_id");
  static final AttributeKey<String> SCENARIO = AttributeKey.stringKey("chaoslab.scenario");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("chaoslab.phase");
  static final AttributeKey<String> REQUEST = AttributeKey.stringKey("chaoslab.request");
  /** How long a stopped or failed run waits for requests in flight before writing its report. */
  static final long STOP_DRAIN_MS = 2_000;
  /** How long the result waits at most for the run's connections and lanes to close. */
  static final long CLEAN_UP_WAIT_MS = 5_000;
  /** Kinds of error the live status lists (the most frequent); the report lists them all. */
  static final int STATUS_ERROR_KINDS = 10;

  private final String id;
  private final Scenario scenario;
  private final Vertx vertx;
  private final RunManagerOptions managerOptions;
  private final LoadOptions load;
  private final ReportSink sink;
  private final AlertCheck alertCheck;
  private final SimulatorMetrics metrics;
  private final RunLog log;
  private final ArrivalGenerator generator;
  private final RequestMix mix;
  private final SplittableRandom seeds;
  private final AtomicLong seq = new AtomicLong();
  private final List<String> phaseNames;
  private final long[] phaseBoundaries;
  private final Promise<RunReport> result = Promise.promise();
  private final List<JsonObject> rateChanges = new CopyOnWriteArrayList<>();
  private final Runnable onFinished;

  // confined to the run's context
  private Context context;
  private List<Lane> lanes = List.of();
  private String laneDeployment;
  private int lanesDone;
  private ChaosClient chaosClient;
  private ChaosTimeline chaos;
  /** Per phase: the phase-level meters, and the meters and span attributes of each request label (made before traffic, read-only after). */
  private final Meters[] phaseMeters;
  private final List<Map<String, Meters>> labelMeters = new ArrayList<>();
  /** The label of each request step: the request's name, or {@code journey.step}; computed once, not per request. */
  private final Map<RequestStep, String> stepLabels = new IdentityHashMap<>();
  private final List<Long> phaseTimers = new ArrayList<>();
  private Meter runInfo;
  private long secondTimer = -1;
  private long seconds;
  private long lastTickNanos;
  private long endMs = -1;

  // shared with the lanes
  private volatile RunStats stats;
  private final ErrorCatalog errors = new ErrorCatalog();
  /** The threshold that stopped the run (k6's abortOnFail), or null; set on the run's context. */
  private volatile JsonObject abortedBy;
  private final AtomicLong inFlight = new AtomicLong();
  private volatile boolean ending;
  private volatile boolean reported;
  private volatile Promise<Void> drained;
  private Instant endedAt;
  private String failure;

  // read from other threads
  private volatile long startNanos;
  private volatile Instant startedAt;
  private volatile RunState state = RunState.RUNNING;
  private volatile String phaseLabel;
  private volatile double achievedRate;
  private volatile double scheduledRate;
  private volatile long inFlightNow;
  private volatile JsonObject snapshot;
  private volatile double dialMultiplier = 1.0;
  private volatile Double dialAbsolute;

  DefaultRun(String id, Scenario scenario, RunOptions runOptions, Vertx vertx, RunManagerOptions managerOptions,
             ReportSink sink, AlertCheck alertCheck, SimulatorMetrics metrics, Runnable onFinished) {
    this.id = id;
    this.scenario = scenario;
    this.vertx = vertx;
    this.managerOptions = managerOptions;
    this.load = runOptions.load() != null ? new LoadOptions(runOptions.load()) : new LoadOptions(managerOptions.load());
    this.sink = sink;
    this.alertCheck = alertCheck;
    this.metrics = metrics;
    this.onFinished = onFinished;
    this.log = new RunLog(LoggerFactory.getLogger(DefaultRun.class), id, scenario.name());
    long seed = runOptions.seed() != null ? runOptions.seed() : new SplittableRandom().nextLong();
    this.generator = new ArrivalGenerator(scenario.phases(), seed, managerOptions.maxRate());
    if (runOptions.rateMultiplier() != null && runOptions.rateMultiplier() != 1.0) {
      // set before the first arrival is pulled, so the whole run follows it (and a rate over the ceiling fails
      // the start instead of a run already under way)
      generator.setMultiplier(runOptions.rateMultiplier(), 0);
      dialMultiplier = runOptions.rateMultiplier();
    }
    this.seeds = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.mix = new RequestMix(scenario.requests());
    this.phaseNames = generator.phaseNames();
    this.phaseBoundaries = generator.phaseBoundariesNanos();
    this.phaseMeters = new Meters[phaseNames.size()];
    for (int i = 0; i < phaseNames.size(); i++) {
      labelMeters.add(new HashMap<>());
    }
    for (RequestSpec spec : scenario.requests()) {
      for (RequestStep step : spec.steps()) {
        stepLabels.put(step, spec.isJourney() ? spec.name() + "." + step.name() : spec.name());
      }
    }
    this.snapshot = statusJson();
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
    JsonObject status = snapshot;
    JsonObject rate = status.getJsonObject("rate");
    if (rate.getDouble("multiplier") != dialMultiplier || !java.util.Objects.equals(rate.getDouble("absolute"), dialAbsolute)) {
      // the dial moved since the last snapshot: show it at once
      status = status.copy();
      status.getJsonObject("rate").put("multiplier", dialMultiplier).put("absolute", dialAbsolute);
    }
    return new RunStatus(status);
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
    Future<Void> preflight = alertCheck == null ? Future.succeededFuture() : alertCheck.preflight(scenario)
      .recover(err -> Future.failedFuture(new RunStartException("cannot start scenario '" + scenario.name()
        + "': the alert pre-flight check failed: " + err.getMessage(), err)));
    // every lane needs a connection of its own: never more lanes than connections
    return preflight
      .compose(v -> laneContexts(Math.min(load.lanes(), load.maxConnections())))
      .map(contexts -> {
        startTraffic(contexts);
        return null;
      });
  }

  /** An uncaught failure on the run's or a lane's context fails the run (once traffic has started). */
  private void failed(Throwable err) {
    log.error("run failed: {}", err.toString());
    if (!lanes.isEmpty()) {
      fail(err);
    }
  }

  /** One event-loop context per lane: a verticle deployed with that many instances (Vert.x spreads them over its event loops). */
  private Future<List<Context>> laneContexts(int count) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          contexts.add(context);
          return Future.succeededFuture();
        }
      }, new DeploymentOptions().setInstances(count))
      .map(deployment -> {
        laneDeployment = deployment;
        return List.copyOf(contexts);
      });
  }

  private void startTraffic(List<Context> laneContexts) {
    List<Lane> made = new ArrayList<>();
    int count = laneContexts.size();
    for (Context laneContext : laneContexts) {
      laneContext.exceptionHandler(this::failed);
      // the connections are shared out exactly: the lanes' pools add up to maxConnections
      int index = made.size();
      LoadOptions perLane = new LoadOptions(load)
        .setMaxConnections(load.maxConnections() / count + (index < load.maxConnections() % count ? 1 : 0));
      made.add(new Lane(laneContext, new HttpLoadClient(vertx, laneContext, perLane, managerOptions.tracer()),
        seeds.split()));
    }
    makeMeters();
    chaosClient = new ChaosClient(vertx, managerOptions.chaosTimeoutMs());
    stats = new RunStats(phaseNames);
    scenario.requests().forEach(r -> stats.arrivalLabel(r.name()));
    startedAt = Instant.now();
    startNanos = System.nanoTime();
    lastTickNanos = startNanos;
    chaos = new ChaosTimeline(context, chaosClient, chaosSteps(), id, scenario.name(), metrics, log,
      this::elapsedMs, managerOptions.chaosTtlMarginMs());
    for (Lane lane : made) {
      lane.scheduler = new OpenModelScheduler(lane.context, ArrivalSchedule.of(generator), startNanos,
        System::nanoTime, (intended, lag, phase) -> dispatch(lane, intended, lag, phase), this::laneDone);
    }
    lanes = List.copyOf(made);
    metrics.attach(scenario.name(), this);
    enterPhase(0);
    for (int i = 1; i < phaseNames.size(); i++) {
      int phase = i;
      long delayMs = Math.max(1, phaseBoundaries[i] / 1_000_000);
      phaseTimers.add(vertx.setTimer(delayMs, t -> enterPhase(phase)));
    }
    scheduleSecond();
    log.info("run started: scenario '{}', {} phase(s), {} s planned, {} chaos step(s), {} lane(s)", scenario.name(),
      phaseNames.size(), scenario.totalDuration().toSeconds(), scenario.chaos().size(), lanes.size());
    lanes.forEach(lane -> lane.run(lane.scheduler::start));
    chaos.start();
    publish();
  }

  private List<ScheduledFault> chaosSteps() {
    List<ScheduledFault> steps = new ArrayList<>();
    for (ChaosStep step : scenario.chaos()) {
      URI base = scenario.chaosApi(step.target()).orElseThrow();
      steps.add(new ScheduledFault(step.index(), step.target(), base, step.at().toMillis(), step.duration().toMillis(),
        new JsonObject(new LinkedHashMap<>(step.fault())).copy()));
    }
    return steps;
  }

  private void enterPhase(int phase) {
    if (ending) {
      return;
    }
    metrics.remove(runInfo);
    phaseLabel = phaseNames.get(phase);
    runInfo = metrics.runInfo(id, scenario.name(), phaseLabel);
    log.info("phase '{}' started", phaseLabel);
    publish();
  }

  // ---- traffic -----------------------------------------------------------------------------------------

  /** A lane's schedule is over (called on the lane's context): the run completes once every lane's is. */
  private void laneDone() {
    context.runOnContext(v -> {
      if (++lanesDone == lanes.size()) {
        end(RunState.COMPLETED, null);
      }
    });
  }

  /** Called on the lane's context. */
  private void dispatch(Lane lane, long intendedOffset, long lagNanos, int phase) {
    if (ending) {
      return;
    }
    try {
      send(lane, intendedOffset, lagNanos, phase);
    } catch (RuntimeException e) {
      // a bug of ours must not leave traffic or faults behind: the run fails, clears its faults, reports
      log.error("run failed while sending: {}", e.toString());
      lane.scheduler.stop();
      fail(e);
    }
  }

  /** Fails the run from any thread: traffic stops, faults are cleared, a report with the failure is saved. */
  void fail(Throwable cause) {
    if (context != null) {
      context.runOnContext(v -> end(RunState.FAILED, cause));
    }
  }

  private void send(Lane lane, long intendedOffset, long lagNanos, int phase) {
    metrics.recordLag(lagNanos);
    Meters phaseLevel = meters(null, phase);
    phaseLevel.scheduled.increment();
    RequestSpec spec = mix.pick(lane.random);
    boolean admitted = inFlight.incrementAndGet() <= load.inFlightCap();
    stats.dispatched(spec.name(), phase, intendedOffset, lagNanos, admitted);
    if (!admitted) {
      inFlight.decrementAndGet();
      phaseLevel.dropped.increment();
      return;
    }
    long intended = startNanos + intendedOffset;
    TemplateContext templates = new TemplateContext(lane.random, seq);
    step(lane, spec, 0, phase, intended, 0, templates).onComplete(ar -> {
      long stillInFlight = inFlight.decrementAndGet();
      JourneyEnd end = ar.succeeded() ? ar.result() : JourneyEnd.failed(System.nanoTime(), intended);
      if (!reported) {
        if (end.outcome == null) {
          stats.poolBusy(spec.name(), phase);
          phaseLevel.dropped.increment();
        } else {
          stats.arrivalEnded(spec.name(), phase, end.outcome, end.endNanos - intended,
            end.firstSentNanos == 0 ? -1 : end.endNanos - end.firstSentNanos);
        }
      }
      Promise<Void> draining = drained;
      if (draining != null && stillInFlight == 0) {
        context.runOnContext(v -> draining.tryComplete());
      }
    });
  }

  /**
   * What became of a whole arrival (one request or a journey); outcome null: dropped by the pool;
   * firstSentNanos 0: its first request never reached the wire.
   */
  private record JourneyEnd(Outcome outcome, long endNanos, long firstSentNanos) {
    static JourneyEnd failed(long now, long intended) {
      return new JourneyEnd(Outcome.OTHER, now, 0);
    }
  }

  private Future<JourneyEnd> step(Lane lane, RequestSpec spec, int index, int phase, long intended, long firstSent,
                                  TemplateContext templates) {
    RequestStep step = spec.steps().get(index);
    String label = stepLabels.get(step);
    OutgoingRequest request;
    try {
      request = render(label, step, templates);
    } catch (RuntimeException e) {
      // a template that cannot be rendered (e.g. a journey value missing from an earlier answer) is an error of
      // this arrival, never of the run
      long now = System.nanoTime();
      catalogue(label, Outcome.OTHER, ErrorCause.ofFailure(e, null));
      record(label, phase, spec.isJourney(), Outcome.OTHER, now - intended, -1, null, step.expectedStatuses());
      return Future.succeededFuture(new JourneyEnd(Outcome.OTHER, now, firstSent));
    }
    boolean last = index == spec.steps().size() - 1;
    return lane.client.send(request, attributes(label, phase), !last).compose(exchange -> {
      if (exchange.dropped()) {
        return Future.succeededFuture(new JourneyEnd(null, exchange.endNanos(), firstSent));
      }
      long first = firstSent != 0 ? firstSent : exchange.sentNanos();
      Outcome outcome = outcome(exchange, step.expectedStatuses());
      record(label, phase, spec.isJourney(), outcome, exchange.endNanos() - intended,
        exchange.serviceNanos(), exchange, step.expectedStatuses());
      if (outcome.isError() || last) {
        return Future.succeededFuture(new JourneyEnd(outcome, exchange.endNanos(), first));
      }
      templates.record(step.name(), exchange.status(), parse(exchange.body()));
      // a later step cannot be sent before the earlier one answered: its intended time is that answer
      return step(lane, spec, index + 1, phase, exchange.endNanos(), first, templates);
    });
  }

  /** The class of an answer under the step's expected statuses (a failure without an answer keeps its own). */
  private static Outcome outcome(Exchange exchange, ExpectedStatuses expected) {
    int status = exchange.status();
    if (status == 0 || expected == ExpectedStatuses.DEFAULT) {
      return exchange.outcome();
    }
    if (expected.accepts(status)) {
      return Outcome.OK;
    }
    // an unexpected 2xx/3xx is not an HTTP error class: it is "other" (the answer was not the one asked for)
    return status >= 400 ? Outcome.ofStatus(status) : Outcome.OTHER;
  }

  private void record(String label, int phase, boolean journeyStep, Outcome outcome, long correctedNanos,
                      long serviceNanos, Exchange exchange, ExpectedStatuses expected) {
    if (reported) {
      return;
    }
    Meters m = meters(label, phase);
    // the client span is current while recording, so the histograms' exemplars point at this request's trace;
    // attached to the Vert.x context storage directly, where the telemetry module's exemplar sampler looks
    try (Scope ignored = exchange == null ? Scope.noop()
      : VertxContextStorageProvider.VertxContextStorage.INSTANCE.attach(exchange.trace())) {
      m.outcomes[outcome.ordinal()].increment();
      m.corrected.record(correctedNanos, TimeUnit.NANOSECONDS);
      if (serviceNanos >= 0) {
        m.service.record(serviceNanos, TimeUnit.NANOSECONDS);
      }
      if (exchange != null && outcome.isError()) {
        catalogue(label, outcome, ErrorCause.of(exchange, expected)); // its log line carries the request's trace id
      }
    }
    if (journeyStep) {
      stats.stepEnded(label, phase, outcome, correctedNanos, serviceNanos);
    }
  }

  /** Counts an error under its kind; the first of each kind is logged (with the trace id when one is current). */
  private void catalogue(String label, Outcome outcome, ErrorCause cause) {
    if (errors.record(label, outcome, cause, (System.nanoTime() - startNanos) / 1_000_000)) {
      log.info("first error of its kind from {}: {} ({})", label, cause.message(), outcome.label());
    }
  }

  private OutgoingRequest render(String label, RequestStep step, TemplateContext templates) {
    URI base = scenario.targets().get(step.target());
    MultiMap headers = HttpHeaders.headers();
    step.headers().forEach((name, value) -> headers.set(name, value.render(templates)));
    Buffer body = null;
    if (step.body() != null) {
      body = Buffer.buffer(step.body().render(templates));
      if (!headers.contains(HttpHeaders.CONTENT_TYPE)) {
        headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
      }
    }
    return new OutgoingRequest(label, HttpMethod.valueOf(step.method()), base, step.path().render(templates),
      step.path().source(), headers, body, step.timeout() == null ? 0 : step.timeout().toMillis());
  }

  private static Object parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private Attributes attributes(String label, int phase) {
    return meters(label, phase).attributes;
  }

  /** The meters and span attributes of one request label in one phase ({@code label} null: phase-level). */
  private Meters meters(String label, int phase) {
    return label == null ? phaseMeters[phase] : labelMeters.get(phase).get(label);
  }

  /**
   * Registers the meters of every phase and request label before traffic starts, so the lanes only read them
   * (and every series exists, at 0, from the run's start on).
   */
  private void makeMeters() {
    for (int phase = 0; phase < phaseNames.size(); phase++) {
      String name = phaseNames.get(phase);
      phaseMeters[phase] = new Meters(null, name);
      for (String label : stepLabels.values()) {
        labelMeters.get(phase).put(label, new Meters(label, name));
      }
    }
  }

  private final class Meters {
    final Counter scheduled;
    final Counter dropped;
    final Counter[] outcomes;
    final Timer corrected;
    final Timer service;
    final Attributes attributes;

    Meters(String label, String phase) {
      String name = scenario.name();
      if (label == null) {
        scheduled = metrics.scheduled(name, phase);
        dropped = metrics.dropped(name, phase);
        outcomes = null;
        corrected = null;
        service = null;
        attributes = null;
      } else {
        scheduled = null;
        dropped = null;
        outcomes = new Counter[Outcome.values().length];
        for (Outcome o : Outcome.values()) {
          outcomes[o.ordinal()] = metrics.completed(name, phase, label, o.label());
        }
        corrected = metrics.latency(name, phase, label, "corrected");
        service = metrics.latency(name, phase, label, "service");
        attributes = Attributes.of(RUN_ID, id, SCENARIO, name, PHASE, phase, REQUEST, label);
      }
    }
  }

  // ---- per second --------------------------------------------------------------------------------------

  private void scheduleSecond() {
    long due = startNanos + (seconds + 1) * 1_000_000_000L;
    long delayMs = Math.max(1, (due - System.nanoTime()) / 1_000_000);
    secondTimer = vertx.setTimer(delayMs, t -> {
      secondTimer = -1;
      RunStats.Second s = stats.closeSecond(seconds, inFlight.get());
      seconds++;
      // per the window's real length: a late tick must not read as a higher rate
      long now = System.nanoTime();
      achievedRate = round1(s.sent() * 1e9 / Math.max(1, now - lastTickNanos));
      lastTickNanos = now;
      abortOnFailedThreshold();
      publish();
      if (!state.finished()) {
        scheduleSecond();
      }
    });
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
    long now = elapsedMs();
    List<Threshold> thresholds = scenario.thresholds();
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      if (!t.abortOnFail() || now < t.delayAbortEval().toMillis()) {
        continue;
      }
      Double actual = actual(t);
      if (actual != null && actual >= t.below()) {
        JsonObject json = thresholdJson(t, actual);
        String detail = Format.thresholdName(json) + " was " + Format.num(actual, 4) + Format.unitSuffix(t.unit())
          + " at " + Format.clock(now) + ", not below " + Format.num(t.below(), 4) + Format.unitSuffix(t.unit())
          + "; the threshold aborts the run on failure (abortOnFail)";
        abortedBy = new JsonObject().put("threshold", i).put("atMs", now).put("actual", actual).put("detail", detail);
        log.warn("stopping the run: {}", detail);
        end(RunState.STOPPED, null);
        return;
      }
    }
  }

  /**
   * Closes the second under way when the report is made, if anything happened in it, so that the timeline adds
   * up to the totals (a run's last second usually ends before its tick).
   */
  private void closeLastSecond() {
    if (secondTimer >= 0) {
      vertx.cancelTimer(secondTimer);
      secondTimer = -1;
    }
    if (stats.secondHasActivity()) {
      stats.closeSecond(seconds++, inFlight.get());
    }
  }

  private long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  // ---- the end -----------------------------------------------------------------------------------------

  @Override
  public Future<RunReport> stop() {
    if (context == null) {
      return result.future();
    }
    context.runOnContext(v -> end(RunState.STOPPED, null));
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
    lanes.forEach(lane -> lane.run(lane.scheduler::stop));
    phaseTimers.forEach(vertx::cancelTimer);
    metrics.remove(runInfo);
    runInfo = null;
    if (finalState == RunState.COMPLETED) {
      log.info("traffic ended after {} ms: {} scheduled, {} sent, {} dropped", endMs, stats.scheduledCount(),
        stats.sentCount(), stats.droppedCount());
    } else {
      log.warn("run {} after {} ms{}", finalState.key(), endMs, failure == null ? "" : ": " + failure);
    }
    phaseLabel = null;
    publish();
    long drainMs = finalState == RunState.COMPLETED
      ? load.requestTimeoutMs() + load.connectTimeoutMs() + 1_000L
      : STOP_DRAIN_MS;
    drain(drainMs)
      .compose(v -> chaos.clearAll())
      .compose(v -> finalState == RunState.COMPLETED ? settle() : Future.succeededFuture())
      .compose(v -> verdicts())
      .recover(err -> {
        log.error("run {} could not finish cleanly: {}", id, err.toString());
        return Future.succeededFuture(new JsonArray());
      })
      .map(expectations -> {
        closeLastSecond();
        endedAt = Instant.now();
        state = failure != null ? RunState.FAILED : finalState;
        publish();
        reported = true;
        return RunReport.fromJson(reportJson(expectations));
      })
      .compose(report -> sink.save(report)
        .recover(err -> {
          log.error("the report of run {} could not be saved: {}", id, err.getMessage());
          return Future.succeededFuture();
        })
        .map(report))
      .onComplete(ar -> cleanUp().onComplete(v -> result.complete(ar.result())));
  }

  private Future<Void> drain(long timeoutMs) {
    Promise<Void> draining = Promise.promise();
    drained = draining;
    if (inFlight.get() == 0) {
      // also when the last request ended between the lanes' stop and here
      return Future.succeededFuture();
    }
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (draining.tryComplete()) {
        // clearing the faults next may end some of them (a hang fault's connections are reset): those still count
        log.warn("{} request(s) still in flight after {} ms; the report counts those that end before it is written "
          + "(clearing the run's faults may end them) and leaves the rest out", inFlight.get(), timeoutMs);
      }
    });
    return draining.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private Future<Void> settle() {
    if (alertCheck == null) {
      return Future.succeededFuture();
    }
    Duration settle = alertCheck.settleTime(scenario);
    if (settle == null || settle.isZero() || settle.isNegative()) {
      return Future.succeededFuture();
    }
    phaseLabel = "settling";
    publish();
    log.info("settling for {} ms so alerts can resolve", settle.toMillis());
    Promise<Void> done = Promise.promise();
    vertx.setTimer(settle.toMillis(), t -> done.complete());
    return done.future();
  }

  private Future<JsonArray> verdicts() {
    if (alertCheck == null) {
      return Future.succeededFuture(new JsonArray());
    }
    return alertCheck.verdicts(scenario, timeline());
  }

  /**
   * Releases what the run held. Completes once the lanes' connections are closed and their deployment is gone (at
   * most {@link #CLEAN_UP_WAIT_MS} later), so that whoever closes Vert.x after the result does not race the run's
   * own closing (which logged "Already undeployed" and rejected-task errors after a failed run).
   */
  private Future<Void> cleanUp() {
    if (secondTimer >= 0) {
      vertx.cancelTimer(secondTimer);
      secondTimer = -1;
    }
    metrics.detach(scenario.name(), this);
    List<Future<?>> closing = new ArrayList<>();
    lanes.forEach(lane -> closing.add(lane.client.close()));
    if (laneDeployment != null && vertx.deploymentIDs().contains(laneDeployment)) {
      closing.add(vertx.undeploy(laneDeployment));
    }
    chaosClient.close();
    onFinished.run();
    Promise<Void> closed = Promise.promise();
    long guard = vertx.setTimer(CLEAN_UP_WAIT_MS, t -> closed.tryComplete());
    Future.join(closing).onComplete(ar -> {
      vertx.cancelTimer(guard);
      closed.tryComplete();
    });
    return closed.future();
  }

  /** The run's timeline for the alert verdicts; call on the run's context. */
  RunTimeline timeline() {
    long end = endMs >= 0 ? endMs : elapsedMs();
    List<RunTimeline.PhaseWindow> phases = new ArrayList<>();
    for (int i = 0; i < phaseNames.size(); i++) {
      long start = phaseBoundaries[i] / 1_000_000;
      if (start >= end && i > 0) {
        break;
      }
      phases.add(new RunTimeline.PhaseWindow(i, phaseNames.get(i), start, Math.min(end, phaseBoundaries[i + 1] / 1_000_000)));
    }
    List<RunTimeline.FaultWindow> faults = new ArrayList<>();
    for (FaultStatus f : chaos.snapshot()) {
      boolean applied = f.faultId() != null || f.state().equals("active") || f.state().equals("cleared");
      faults.add(new RunTimeline.FaultWindow(f.step(), f.target(), f.type(), f.startMs(), f.endMs(), applied, f.state()));
    }
    return new RunTimeline(id, startedAt, end, phases, faults);
  }

  // ---- rate dial ---------------------------------------------------------------------------------------

  @Override
  public void changeRate(RateChange change) {
    if (state.finished() || context == null) {
      throw new IllegalStateException("run " + id + " is " + state.key() + "; only a running run's rate can change");
    }
    long now = System.nanoTime() - startNanos;
    if (change.multiplier() != null) {
      generator.setMultiplier(change.multiplier(), now);
    } else if (change.absolute() != null) {
      generator.setAbsoluteRate(change.absolute(), now);
    } else {
      generator.resetRate(now);
    }
    dialMultiplier = change.multiplier() != null ? change.multiplier() : 1.0;
    dialAbsolute = change.absolute();
    rateChanges.add(new JsonObject()
      .put("tMs", now / 1_000_000)
      .put("multiplier", change.multiplier())
      .put("absolute", change.absolute()));
    log.info("rate changed at {} ms: multiplier {}, absolute {}", now / 1_000_000, change.multiplier(),
      change.absolute());
    lanes.forEach(lane -> lane.run(() -> {
      if (!ending) {
        lane.scheduler.wakeUp();
      }
    }));
    context.runOnContext(v -> publish());
  }

  // ---- gauges ------------------------------------------------------------------------------------------

  @Override
  public double scheduledRate() {
    return state.finished() || startedAt == null ? 0 : generator.scheduledRate(System.nanoTime() - startNanos);
  }

  @Override
  public double achievedRate() {
    return state.finished() ? 0 : achievedRate;
  }

  @Override
  public long inFlight() {
    return inFlightNow;
  }

  // ---- JSON --------------------------------------------------------------------------------------------

  private void publish() {
    inFlightNow = inFlight.get();
    snapshot = statusJson();
  }

  /** The status JSON (docs/contracts.md); built on the run's context (or in the constructor). */
  private JsonObject statusJson() {
    boolean started = startedAt != null;
    long elapsed = !started ? 0 : endedAt != null ? Duration.between(startedAt, endedAt).toMillis() : elapsedMs();
    long now = started ? System.nanoTime() - startNanos : 0;
    double scheduled = started && !ending ? generator.scheduledRate(now) : 0;
    JsonArray phases = new JsonArray();
    for (int i = 0; i < phaseNames.size(); i++) {
      phases.add(new JsonObject().put("name", phaseNames.get(i))
        .put("startMs", phaseBoundaries[i] / 1_000_000).put("endMs", phaseBoundaries[i + 1] / 1_000_000));
    }
    // before the traffic starts (the constructor's first snapshot) there are no stats yet: empty ones read the same
    RunStats shown = stats == null ? new RunStats(phaseNames) : stats;
    JsonArray faults = new JsonArray();
    if (chaos != null) {
      for (FaultStatus f : chaos.snapshot()) {
        faults.add(faultJson(f));
      }
    }
    return new JsonObject()
      .put("runId", id)
      .put("scenario", new JsonObject().put("name", scenario.name()).put("description", scenario.description())
        .put("source", scenario.source()))
      .put("state", state.key())
      .put("failure", failure)
      .put("abortedBy", abortedBy)
      .put("startedAt", started ? startedAt.toString() : null)
      .put("endedAt", endedAt == null ? null : endedAt.toString())
      .put("durationMs", scenario.totalDuration().toMillis())
      .put("elapsedMs", elapsed)
      .put("phase", phaseLabel)
      .put("rate", new JsonObject()
        .put("scheduled", round1(scheduled))
        .put("achieved", state.finished() ? 0.0 : achievedRate)
        .put("multiplier", dialMultiplier)
        .put("absolute", dialAbsolute))
      .put("inFlight", inFlight.get())
      .put("phases", phases)
      .put("faults", faults)
      .put("totals", shown.totalsJson())
      .put("latency", shown.latencyJson())
      .put("recent", shown.recentJson())
      .put("errorKinds", errors.toJson(STATUS_ERROR_KINDS))
      .put("scheduleLag", shown.lagJson());
  }

  private static JsonObject faultJson(FaultStatus f) {
    return new JsonObject()
      .put("step", f.step())
      .put("target", f.target())
      .put("type", f.type())
      .put("startMs", f.startMs())
      .put("endMs", f.endMs())
      .put("faultId", f.faultId())
      .put("state", f.state())
      .put("error", f.error());
  }

  /** The report JSON: the final status plus the details; built on the run's context. */
  JsonObject reportJson(JsonArray expectations) {
    JsonObject report = statusJson();
    JsonArray phases = new JsonArray();
    timeline().phases().forEach(p -> phases.add(new JsonObject().put("name", p.name()).put("startMs", p.startMs())
      .put("endMs", p.endMs())));
    return report
      .put("phases", phases)
      .put("inFlight", inFlight.get())
      .put("byRequest", stats.byRequestJson())
      .put("errorKinds", errors.toJson(Integer.MAX_VALUE))
      .put("timeline", stats.timelineJson())
      .put("thresholds", thresholdsJson())
      .put("rateChanges", new JsonArray(new ArrayList<>(rateChanges)))
      .put("expectations", expectations);
  }

  private JsonArray thresholdsJson() {
    JsonArray out = new JsonArray();
    JsonObject aborted = abortedBy;
    List<Threshold> thresholds = scenario.thresholds();
    for (int i = 0; i < thresholds.size(); i++) {
      Threshold t = thresholds.get(i);
      JsonObject json = thresholdJson(t, actual(t));
      if (t.abortOnFail()) {
        boolean abortedTheRun = aborted != null && aborted.getInteger("threshold") == i;
        json.put("abortOnFail", true).put("aborted", abortedTheRun);
        if (abortedTheRun) {
          // it failed while the run went, whatever the figures that came in while it drained
          json.put("passed", false);
        }
      }
      out.add(json);
    }
    return out;
  }

  private static JsonObject thresholdJson(Threshold t, Double actual) {
    JsonObject json = new JsonObject()
      .put("metric", t.metric().key())
      .put("request", t.request())
      .put("phase", t.phase());
    if (t.metric().isLatency()) {
      json.put("measure", (t.measure() == null ? Threshold.Measure.CORRECTED : t.measure()).key());
    }
    return json
      .put("below", t.below())
      .put("unit", t.unit())
      .put("actual", actual)
      .put("passed", actual != null && actual < t.below());
  }

  private Double actual(Threshold t) {
    switch (t.metric()) {
      // nothing to measure (a phase a stopped run never reached, a request never picked) is null, which fails,
      // as for latencies: a ratio of nothing must not read as a pass
      case DROPPED_RATIO: {
        RunStats.Cell cell = stats.select(t.request(), t.phase());
        return cell.scheduled == 0 ? null : (double) cell.dropped / cell.scheduled;
      }
      case ERROR_RATIO: {
        RunStats.Cell cell = stats.select(t.request(), t.phase());
        return cell.count == 0 ? null : (double) (cell.count - cell.outcomes[Outcome.OK.ordinal()]) / cell.count;
      }
      default: {
        RunStats.Cell cell = stats.select(t.request(), t.phase());
        Histogram h = t.measure() == Threshold.Measure.SERVICE ? cell.service : cell.corrected;
        if (h.getTotalCount() == 0) {
          return null;
        }
        return t.metric() == Threshold.Metric.LATENCY_MEAN ? h.getMean() / 1000.0 : RunStats.ms(h, t.metric().percentile());
      }
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
