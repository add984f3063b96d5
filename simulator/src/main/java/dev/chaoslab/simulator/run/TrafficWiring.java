package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.ChaosClient;
import dev.chaoslab.simulator.chaos.ChaosTimeline;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.scenario.RequestStep;
import dev.chaoslab.simulator.scenario.Scenario;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Deploys a run's lanes and wires their traffic: the meters, the statistics, the chaos timeline, the in-flight
 * gate, the journey runner, one {@link OutcomeRecorder} per lane and the {@link SecondTicker}. It starts nothing;
 * the run starts the parts in its own order.
 */
final class TrafficWiring {
    /** The parts of a run's traffic, wired and not yet started. */
    record Traffic(
            Lanes lanes,
            RunMeters meters,
            RunStats stats,
            ChaosClient chaosClient,
            ChaosTimeline chaos,
            InFlight gate,
            SecondTicker ticker) {}

    private final String id;
    private final Scenario scenario;
    private final Vertx vertx;
    private final RunManagerOptions managerOptions;
    private final LoadOptions load;
    private final SimulatorMetrics metrics;
    private final RunLog log;
    private final RunClock clock;
    private final ErrorCatalog errors;
    private final AtomicLong inFlight;
    private final List<String> phaseNames;
    private final ShardPlan plan;

    /**
     * @param inFlight the run's in-flight request counter, which the gate and the ticker share
     * @param plan     the run's stripe of the plan and each arrival's randoms
     */
    TrafficWiring(
            String id,
            Scenario scenario,
            Vertx vertx,
            RunManagerOptions managerOptions,
            LoadOptions load,
            SimulatorMetrics metrics,
            RunLog log,
            RunClock clock,
            ErrorCatalog errors,
            AtomicLong inFlight,
            List<String> phaseNames,
            ShardPlan plan) {
        this.plan = plan;
        this.id = id;
        this.scenario = scenario;
        this.vertx = vertx;
        this.managerOptions = managerOptions;
        this.load = load;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        this.errors = errors;
        this.inFlight = inFlight;
        this.phaseNames = phaseNames;
    }

    /**
     * Deploys the run's lanes, never more than its connections: every lane needs a connection of its own.
     *
     * @param onUncaught receives a failure no handler caught on a lane's context
     */
    Future<Lanes> deploy(Handler<Throwable> onUncaught) {
        return Lanes.deploy(
                vertx,
                Math.min(load.lanes(), load.maxConnections()),
                load,
                managerOptions.tracer(),
                phaseNames.size(),
                onUncaught);
    }

    /**
     * Registers the run's meters on a worker: registering is CPU work proportional to phases x request labels, which
     * must not hold the run's event loop.
     */
    Future<RunMeters> registerMeters() {
        return vertx.executeBlocking(
                () -> RunMeters.register(
                        metrics,
                        id,
                        scenario.name(),
                        phaseNames,
                        JourneyRunner.stepLabels(scenario.requests()).values()),
                false);
    }

    /**
     * Releases what {@code traffic} holds: stops its ticker, closes its chaos client and its lanes, and lets its
     * meters leave {@code /metrics} after the retention (once a scraper has seen their final values). Completes once
     * the lanes are closed, so closing Vert.x next races nothing.
     */
    Future<Void> release(Traffic traffic) {
        traffic.ticker().cancel();
        RunMeters meters = traffic.meters();
        long keepMs = managerOptions.meterRetentionMs();
        if (keepMs == 0) {
            meters.release();
        } else {
            vertx.setTimer(keepMs, t -> meters.release());
        }
        traffic.chaosClient().close();
        return traffic.lanes().close();
    }

    /**
     * Wires the traffic of {@code deployed} lanes.
     *
     * @param context      the run's context, where the chaos timeline and the gate run
     * @param startNanos   the clock's nanoTime when traffic starts; the schedule and the elapsed time count from it
     * @param ending       true once the run has begun ending
     * @param reported     true once the report is built (outcomes after it are not recorded)
     * @param onFailure    fails the run, from any thread
     * @param onLaneDone   a lane's schedule is over (called on the lane's context)
     * @param secondClosed receives each closed second
     */
    Traffic wire(
            Lanes deployed,
            RunMeters meters,
            Context context,
            long startNanos,
            BooleanSupplier ending,
            BooleanSupplier reported,
            Consumer<Throwable> onFailure,
            Runnable onLaneDone,
            SecondTicker.Listener secondClosed) {
        LongSupplier elapsedMs = () -> (clock.nanoTime() - startNanos) / 1_000_000;
        Map<RequestStep, String> stepLabels = JourneyRunner.stepLabels(scenario.requests());
        ChaosClient chaosClient = new ChaosClient(vertx, managerOptions.chaosTimeoutMs());
        RunStats stats = new RunStats(phaseNames);
        scenario.requests().forEach(r -> stats.arrivalLabel(r.name()));
        ChaosTimeline chaos = new ChaosTimeline(
                context,
                chaosClient,
                ChaosSteps.of(scenario),
                id,
                scenario.name(),
                metrics,
                log,
                elapsedMs,
                managerOptions.chaosTtlMarginMs());
        InFlight gate = new InFlight(inFlight, load, vertx, context, log);
        JourneyRunner journeys =
                new JourneyRunner(scenario, stepLabels, meters, gate, clock, startNanos, log, ending, onFailure, plan);
        plan.keepSeconds(stats);
        deployed.plan(
                laneStats -> new OutcomeRecorder(laneStats, meters, errors, log, elapsedMs, reported),
                plan::schedule,
                clock,
                startNanos,
                journeys,
                onLaneDone);
        SecondTicker ticker =
                new SecondTicker(vertx, clock, startNanos, stats, deployed.stats(), inFlight::get, secondClosed);
        return new Traffic(deployed, meters, stats, chaosClient, chaos, gate, ticker);
    }
}
