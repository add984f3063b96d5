package dev.chaoslab.chaos;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Random;

/**
 * One fault acting on one request (or on one of its downstream calls): what a behaviour needs, and
 * {@link #record} to make the injection visible.
 */
public final class Injection {

    private final Fault fault;
    private final RoutingContext ctx;
    private final String route;
    private final ChaosEngine engine;

    Injection(Fault fault, RoutingContext ctx, String route, ChaosEngine engine) {
        this.fault = fault;
        this.ctx = ctx;
        this.route = route;
        this.engine = engine;
    }

    public Fault fault() {
        return fault;
    }

    /** Whether the fault is still in force (neither expired nor removed): work queued for it checks before it runs. */
    public boolean faultActive() {
        return engine.get(fault.id()).isPresent();
    }

    public RoutingContext ctx() {
        return ctx;
    }

    public String route() {
        return route;
    }

    public Vertx vertx() {
        return engine.vertx();
    }

    public Random random() {
        return engine.random();
    }

    public ChaosOptions options() {
        return engine.options();
    }

    WorkerExecutor cpuExecutor() {
        return engine.cpuExecutor();
    }

    /** Records the injection (metric, span event, log line) with type-specific details such as the delay. */
    public void record(Map<String, Object> details) {
        engine.recorder().injected(fault, route, details);
        ctx.response().headers().add("X-Chaos-Fault", fault.id());
    }
}
