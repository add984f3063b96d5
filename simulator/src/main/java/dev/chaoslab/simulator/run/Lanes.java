package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.HttpLoadClient;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.load.OpenModelScheduler;
import io.opentelemetry.api.trace.Tracer;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The deployment of a run's {@link Lane}s: one event-loop context each (a verticle deployed with that many
 * instances, which Vert.x spreads over its event loops), the run's connections shared out exactly among them, and
 * their release at the end.
 *
 * <p>Deployed, told and closed from the run's context; what runs on a lane hops onto that lane's context.
 */
final class Lanes {
    /** How long {@link #close()} waits at most for the lanes' connections and deployment to close. */
    static final long CLOSE_WAIT_MS = 5_000;

    private final Vertx vertx;
    private final String deployment;
    private final List<Lane> lanes;
    private int done;

    private Lanes(Vertx vertx, String deployment, List<Lane> lanes) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.lanes = List.copyOf(lanes);
    }

    /**
     * Deploys {@code count} lanes, each with its own client (their pools add up to {@code load}'s maxConnections).
     *
     * @param phases    the run's phase count (each lane's statistics hold a cell per phase)
     * @param onFailure an uncaught failure on a lane's context
     */
    static Future<Lanes> deploy(
            Vertx vertx, int count, LoadOptions load, Tracer tracer, int phases, Handler<Throwable> onFailure) {
        List<Context> contexts = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(
                        () -> new VerticleBase() {
                            @Override
                            public Future<?> start() {
                                contexts.add(context);
                                return Future.succeededFuture();
                            }
                        },
                        new DeploymentOptions().setInstances(count))
                .map(deployment -> {
                    List<Lane> made = new ArrayList<>();
                    int size = contexts.size();
                    for (Context context : contexts) {
                        context.exceptionHandler(onFailure);
                        int index = made.size();
                        LoadOptions perLane = new LoadOptions(load)
                                .setMaxConnections(
                                        load.maxConnections() / size + (index < load.maxConnections() % size ? 1 : 0));
                        made.add(new Lane(
                                context, new HttpLoadClient(vertx, context, perLane, tracer), new LaneStats(phases)));
                    }
                    return new Lanes(vertx, deployment, made);
                });
    }

    /**
     * Gives each lane its outcome recorder and a scheduler over its view of the run's one shared plan
     * ({@code schedules} makes one per lane), whose arrivals go to {@code journeys}; call before {@link #start()}.
     *
     * @param startNanos the run's start on {@code clock}
     * @param onLaneDone called on a lane's context when its schedule is over
     */
    void plan(
            Function<LaneStats, OutcomeRecorder> recorders,
            Supplier<StripedSchedule> schedules,
            RunClock clock,
            long startNanos,
            JourneyRunner journeys,
            Runnable onLaneDone) {
        for (Lane lane : lanes) {
            lane.recorder = recorders.apply(lane.stats);
            StripedSchedule schedule = schedules.get();
            lane.scheduler = new OpenModelScheduler(
                    lane.context,
                    schedule,
                    startNanos,
                    clock::nanoTime,
                    // the scheduler dispatches the arrival it pulled last before it pulls the next one
                    (intended, lag, phase) -> journeys.dispatch(lane, schedule.lastIndex(), intended, lag, phase),
                    onLaneDone);
        }
    }

    /** The lanes' statistics, in lane order. */
    List<LaneStats> stats() {
        return lanes.stream().map(lane -> lane.stats).toList();
    }

    int size() {
        return lanes.size();
    }

    /** Starts every lane's scheduler. */
    void start() {
        lanes.forEach(lane -> lane.run(lane.scheduler::start));
    }

    /** Stops every lane's scheduler. */
    void stop() {
        lanes.forEach(lane -> lane.run(lane.scheduler::stop));
    }

    /** Has every lane re-read the schedule now (after a rate change), unless the run is {@code ending} by then. */
    void wakeUp(BooleanSupplier ending) {
        lanes.forEach(lane -> lane.run(() -> {
            if (!ending.getAsBoolean()) {
                lane.scheduler.wakeUp();
            }
        }));
    }

    /** One lane's schedule is over; true when it was the last one. Call on the run's context. */
    boolean laneDone() {
        return ++done == lanes.size();
    }

    /**
     * Closes the lanes' connections and undeploys them; completes when both are done, or after {@link #CLOSE_WAIT_MS}
     * at most, and never fails.
     */
    Future<Void> close() {
        List<Future<?>> closing = new ArrayList<>();
        lanes.forEach(lane -> closing.add(lane.client.close()));
        if (vertx.deploymentIDs().contains(deployment)) {
            closing.add(vertx.undeploy(deployment));
        }
        Promise<Void> closed = Promise.promise();
        long guard = vertx.setTimer(CLOSE_WAIT_MS, t -> closed.tryComplete());
        Future.join(closing).onComplete(ar -> {
            vertx.cancelTimer(guard);
            closed.tryComplete();
        });
        return closed.future();
    }
}
