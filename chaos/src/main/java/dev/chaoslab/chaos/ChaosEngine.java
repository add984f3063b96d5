package dev.chaoslab.chaos;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.Problems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos engine of one service: stores faults (each with a mandatory TTL after which it removes itself),
 * validates definitions against the service's routes, dependencies and ceilings, and applies matching
 * faults to requests ({@link #requestHandler}) and to downstream calls ({@link #beforeCall}).
 *
 * <p>Thread safety: methods may be called from any thread; requests of one service are served on its event
 * loop, so the seeded {@link Random} gives a reproducible sequence for a reproducible request order.
 */
public final class ChaosEngine implements DependencyFaults {

    /** Key under which the route pattern of the current request is kept in the routing context. */
    public static final String ROUTE_KEY = "chaos.route";

    private static final Logger LOG = LoggerFactory.getLogger(ChaosEngine.class);

    private final String service;
    private final Vertx vertx;
    private final ChaosOptions options;
    private final FaultTypes types;
    private final FaultReader reader;
    private final Random random;
    private final ChaosClock clock;
    private final InjectionRecorder recorder;
    private final Set<String> routes = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> dependencies;
    private final Map<String, Fault> faults = new LinkedHashMap<>();
    private final Map<String, Long> expiryTimers = new HashMap<>();
    private final Map<String, AtomicInteger> active = new HashMap<>();
    private final boolean proxy;
    private volatile WorkerExecutor cpuExecutor;

    /** An in-process engine: it refuses the fault types only a proxy can apply ({@link FaultType#needsProxy()}). */
    public ChaosEngine(
            String service,
            Vertx vertx,
            MeterRegistry registry,
            ChaosOptions options,
            Set<String> dependencies,
            Random random,
            ChaosClock clock) {
        this(service, vertx, registry, options, dependencies, random, clock, false);
    }

    /** {@code proxy}: the engine sits in a proxy that honours the proxy-only fault types. */
    public ChaosEngine(
            String service,
            Vertx vertx,
            MeterRegistry registry,
            ChaosOptions options,
            Set<String> dependencies,
            Random random,
            ChaosClock clock,
            boolean proxy) {
        this.proxy = proxy;
        this.service = service;
        this.vertx = vertx;
        this.options = options.copy();
        this.types = FaultTypes.standard();
        this.reader = new FaultReader(types);
        this.dependencies = Set.copyOf(dependencies);
        this.random = random;
        this.clock = clock;
        this.recorder = new InjectionRecorder(registry);
        for (FaultType type : types.all()) {
            AtomicInteger count = new AtomicInteger();
            active.put(type.name(), count);
            Gauge.builder("chaos.faults.active", count, AtomicInteger::get)
                    .description("Chaos faults currently active")
                    .tag("fault", type.name())
                    .register(registry);
        }
    }

    /**
     * Registers a route of the service and returns the handler to put in front of its own handler: it applies
     * matching faults and then lets the request through (or not).
     */
    public Handler<RoutingContext> requestHandler(String method, String route) {
        routes.add(method + " " + route);
        return ctx -> {
            ctx.put(ROUTE_KEY, route);
            List<Fault> triggered = triggered(f -> f.behaviour() instanceof FaultBehaviour.OnRequest, method, route);
            if (triggered.isEmpty()) {
                ctx.next();
                return;
            }
            Future<Boolean> chain = Future.succeededFuture(true);
            for (Fault fault : triggered) {
                Injection injection = new Injection(fault, ctx, route, this);
                chain = chain.compose(goOn -> goOn
                        ? ((FaultBehaviour.OnRequest) fault.behaviour()).apply(injection)
                        : Future.succeededFuture(false));
            }
            chain.onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                } else if (ar.result()) {
                    ctx.next();
                }
            });
        };
    }

    /**
     * Runs the dependency faults that match a call to {@code dependency} made while serving {@code incoming}:
     * completes when the call may go, fails with an {@link InjectedFailure} when it should be seen to fail.
     */
    @Override
    public Future<Void> beforeCall(String dependency, RoutingContext incoming, long requestTimeoutMs) {
        String route = incoming.get(ROUTE_KEY);
        String method = incoming.request().method().name();
        List<Fault> triggered = triggered(
                f -> f.behaviour() instanceof FaultBehaviour.OnDependencyCall d
                        && d.dependency().equals(dependency),
                method,
                route);
        Future<Void> chain = Future.succeededFuture();
        for (Fault fault : triggered) {
            Injection injection = new Injection(fault, incoming, route, this);
            chain = chain.compose(
                    v -> ((FaultBehaviour.OnDependencyCall) fault.behaviour()).beforeCall(injection, requestTimeoutMs));
        }
        return chain;
    }

    private List<Fault> triggered(Predicate<Fault> kind, String method, String route) {
        List<Fault> result = new ArrayList<>(2);
        synchronized (this) {
            removeExpired();
            for (Fault fault : faults.values()) {
                if (kind.test(fault)
                        && fault.matches(method, route)
                        && (fault.probability() >= 1.0 || random.nextDouble() < fault.probability())) {
                    result.add(fault);
                }
            }
        }
        return result;
    }

    /** Validates and stores a fault; throws {@link ApiError} 400 naming every bad field, 409 when full. */
    public Fault add(JsonObject json) {
        FaultSpec spec = reader.read(json, new FaultScope(service, options, Set.copyOf(routes), dependencies));
        if (spec.type().needsProxy() && !proxy) {
            new Problems()
                    .add(
                            "type",
                            "'" + spec.type().name() + "' needs a chaoslab proxy in front of the service; " + service
                                    + " applies faults in-process")
                    .throwIfAny("invalid_fault", "the fault is not valid");
        }
        synchronized (this) {
            removeExpired();
            if (faults.size() >= options.maxFaults()) {
                throw new ApiError(
                        409,
                        "too_many_faults",
                        faults.size() + " faults are active on " + service
                                + ", the most it keeps (CHAOS_MAX_FAULTS); delete some first");
            }
            long now = clock.nowMillis();
            Fault fault = new Fault(
                    "f-" + UUID.randomUUID().toString().substring(0, 13),
                    spec.type().name(),
                    spec.ttlMs(),
                    spec.probability(),
                    spec.method(),
                    spec.route(),
                    spec.labels(),
                    now,
                    now + spec.ttlMs(),
                    spec.behaviour());
            faults.put(fault.id(), fault);
            active.get(fault.type()).incrementAndGet();
            expiryTimers.put(fault.id(), vertx.setTimer(spec.ttlMs(), t -> expire(fault.id())));
            LOG.info(
                    "chaos fault {} added: {}",
                    fault.id(),
                    fault.toJson().encode(),
                    kv("fault", fault.type()),
                    kv("fault_id", fault.id()));
            return fault;
        }
    }

    public synchronized List<Fault> list() {
        removeExpired();
        return List.copyOf(faults.values());
    }

    public synchronized Optional<Fault> get(String id) {
        removeExpired();
        return Optional.ofNullable(faults.get(id));
    }

    public synchronized boolean remove(String id) {
        return remove(id, "deleted");
    }

    /** Removes the faults whose labels include all of {@code labels} (all faults when empty); returns how many. */
    public synchronized int removeAll(Map<String, String> labels) {
        List<String> ids = faults.values().stream()
                .filter(f -> f.hasLabels(labels))
                .map(Fault::id)
                .toList();
        ids.forEach(id -> remove(id, "deleted"));
        return ids.size();
    }

    private synchronized void expire(String id) {
        expiryTimers.remove(id);
        remove(id, "expired");
    }

    private void removeExpired() {
        long now = clock.nowMillis();
        List<String> expired = faults.values().stream()
                .filter(f -> f.expiredAt(now))
                .map(Fault::id)
                .toList();
        expired.forEach(id -> remove(id, "expired"));
    }

    private boolean remove(String id, String why) {
        Fault fault = faults.remove(id);
        if (fault == null) {
            return false;
        }
        Long timer = expiryTimers.remove(id);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        active.get(fault.type()).decrementAndGet();
        fault.behaviour().onRemoved();
        LOG.info(
                "chaos fault {} ({}) {}",
                fault.id(),
                fault.type(),
                why,
                kv("fault", fault.type()),
                kv("fault_id", fault.id()));
        return true;
    }

    /** Removes every fault (releasing hung requests) and stops the CPU workers. */
    public Future<Void> close() {
        removeAll(Map.of());
        WorkerExecutor executor = cpuExecutor;
        return executor == null ? Future.succeededFuture() : executor.close();
    }

    public String service() {
        return service;
    }

    Vertx vertx() {
        return vertx;
    }

    Random random() {
        return random;
    }

    ChaosOptions options() {
        return options;
    }

    InjectionRecorder recorder() {
        return recorder;
    }

    WorkerExecutor cpuExecutor() {
        WorkerExecutor executor = cpuExecutor;
        if (executor == null) {
            synchronized (this) {
                if (cpuExecutor == null) {
                    cpuExecutor = vertx.createSharedWorkerExecutor("chaos-cpu-" + service, options.cpuWorkers());
                }
                executor = cpuExecutor;
            }
        }
        return executor;
    }
}
