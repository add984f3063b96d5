package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.ApiError;
import dev.chaoslab.chaos.http.JsonFields;
import dev.chaoslab.chaos.http.Problems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

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
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

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
  private static final Set<String> COMMON_FIELDS = Set.of("type", "ttl", "probability", "match", "labels");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,62}");
  private static final int MAX_LABELS = 16;
  private static final int MAX_LABEL_VALUE = 128;

  private final String service;
  private final Vertx vertx;
  private final ChaosOptions options;
  private final FaultTypes types;
  private final Random random;
  private final ChaosClock clock;
  private final InjectionRecorder recorder;
  private final Set<String> routes = Collections.synchronizedSet(new LinkedHashSet<>());
  private final Set<String> dependencies;
  private final Map<String, Fault> faults = new LinkedHashMap<>();
  private final Map<String, Long> expiryTimers = new HashMap<>();
  private final Map<String, AtomicInteger> active = new HashMap<>();
  private volatile WorkerExecutor cpuExecutor;

  public ChaosEngine(String service, Vertx vertx, MeterRegistry registry, ChaosOptions options, Set<String> dependencies,
                     Random random, ChaosClock clock) {
    this.service = service;
    this.vertx = vertx;
    this.options = options.copy();
    this.types = FaultTypes.standard();
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
    List<Fault> triggered = triggered(f -> f.behaviour() instanceof FaultBehaviour.OnDependencyCall d
      && d.dependency().equals(dependency), method, route);
    Future<Void> chain = Future.succeededFuture();
    for (Fault fault : triggered) {
      Injection injection = new Injection(fault, incoming, route, this);
      chain = chain.compose(v -> ((FaultBehaviour.OnDependencyCall) fault.behaviour()).beforeCall(injection, requestTimeoutMs));
    }
    return chain;
  }

  private List<Fault> triggered(Predicate<Fault> kind, String method, String route) {
    List<Fault> result = new ArrayList<>(2);
    synchronized (this) {
      removeExpired();
      for (Fault fault : faults.values()) {
        if (kind.test(fault) && fault.matches(method, route)
          && (fault.probability() >= 1.0 || random.nextDouble() < fault.probability())) {
          result.add(fault);
        }
      }
    }
    return result;
  }

  /** Validates and stores a fault; throws {@link ApiError} 400 naming every bad field, 409 when full. */
  public Fault add(JsonObject json) {
    Problems problems = new Problems();
    JsonFields f = new JsonFields(json, "", problems);

    String typeName = f.string("type", true, 32);
    FaultType type = typeName == null ? null : types.get(typeName).orElse(null);
    if (typeName != null && type == null) {
      problems.add("type", "must be one of " + types.names() + ", not '" + typeName + "'");
    }
    if (type != null) {
      checkFields(json, type, problems);
    }

    long ttlMs = ttl(f);
    Double probability = f.number("probability", false, 0, 1, null);
    String[] match = match(f);
    Map<String, String> labels = labels(f);
    FaultBehaviour behaviour = type == null ? null : type.parse(f, new FaultScope(service, options, Set.copyOf(routes), dependencies));
    problems.throwIfAny("invalid_fault", "the fault is not valid");

    synchronized (this) {
      removeExpired();
      if (faults.size() >= options.maxFaults()) {
        throw new ApiError(409, "too_many_faults", faults.size() + " faults are active on " + service
          + ", the most it keeps (CHAOS_MAX_FAULTS); delete some first");
      }
      long now = clock.nowMillis();
      Fault fault = new Fault("f-" + UUID.randomUUID().toString().substring(0, 13), type.name(), ttlMs,
        probability == null ? 1.0 : probability, match[0], match[1], labels, now, now + ttlMs, behaviour);
      faults.put(fault.id(), fault);
      active.get(fault.type()).incrementAndGet();
      expiryTimers.put(fault.id(), vertx.setTimer(ttlMs, t -> expire(fault.id())));
      LOG.info("chaos fault {} added: {}", fault.id(), fault.toJson().encode(), kv("fault", fault.type()),
        kv("fault_id", fault.id()));
      return fault;
    }
  }

  private void checkFields(JsonObject json, FaultType type, Problems problems) {
    for (String key : json.fieldNames()) {
      if (COMMON_FIELDS.contains(key) || type.fields().contains(key)) {
        continue;
      }
      Optional<FaultType> owner = types.all().stream().filter(t -> t.fields().contains(key)).findFirst();
      if (owner.isPresent()) {
        problems.add(key, "is not used by a '" + type.name() + "' fault (it belongs to type '" + owner.get().name() + "')");
      } else {
        Set<String> known = new TreeSet<>(COMMON_FIELDS);
        known.addAll(type.fields());
        problems.add(key, "is not a known field of a '" + type.name() + "' fault; known fields: " + String.join(", ", known));
      }
    }
  }

  private long ttl(JsonFields f) {
    String text = f.string("ttl", true, 32);
    if (text == null) {
      return -1;
    }
    long ms = Durations.parseMillis(text);
    if (ms < 0) {
      f.problems().add("ttl", "must be a duration such as 500ms, 30s, 5m or 1h, not '" + text + "'");
    } else if (ms == 0) {
      f.problems().add("ttl", "must be more than 0");
    } else if (ms > options.maxTtlMs()) {
      f.problems().add("ttl", "must be ≤ " + Durations.format(options.maxTtlMs())
        + " (the TTL ceiling; set CHAOS_MAX_TTL_MS to raise it)");
    }
    return ms;
  }

  private String[] match(JsonFields f) {
    JsonObject json = f.object("match", false);
    if (json == null) {
      return new String[2];
    }
    JsonFields m = f.nested("match", json);
    m.onlyKnown(Set.of("method", "route"));
    String method = m.string("method", false, 16);
    if (method != null && !METHODS.contains(method.toUpperCase())) {
      m.problems().add(m.path("method"), "must be an HTTP method (" + String.join(", ", new TreeSet<>(METHODS)) + "), not '" + method + "'");
      method = null;
    }
    method = method == null ? null : method.toUpperCase();
    String route = m.string("route", false, 256);
    Set<String> known = Set.copyOf(routes);
    if (route != null) {
      String r = route;
      if (known.stream().noneMatch(k -> k.endsWith(" " + r))) {
        m.problems().add(m.path("route"), "must be a route pattern of " + service + " (" + describeRoutes(known) + "), not '" + route + "'");
      } else if (method != null && !known.contains(method + " " + route)) {
        m.problems().add(m.path("method"), service + " has no route " + method + " " + route + " (" + describeRoutes(known) + ")");
      }
    }
    return new String[]{method, route};
  }

  private static String describeRoutes(Set<String> known) {
    return String.join(", ", new TreeSet<>(known));
  }

  private Map<String, String> labels(JsonFields f) {
    JsonObject json = f.object("labels", false);
    Map<String, String> labels = new LinkedHashMap<>();
    if (json == null) {
      return labels;
    }
    if (json.size() > MAX_LABELS) {
      f.problems().add("labels", "must have at most " + MAX_LABELS + " entries");
      return labels;
    }
    JsonFields l = f.nested("labels", json);
    for (String key : json.fieldNames()) {
      if (!LABEL_NAME.matcher(key).matches()) {
        f.problems().add(l.path(key), "is not a label name (letters, digits and _, not starting with a digit)");
        continue;
      }
      String value = l.string(key, true, MAX_LABEL_VALUE);
      if (value != null) {
        labels.put(key, value);
      }
    }
    return labels;
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
    List<String> ids = faults.values().stream().filter(f -> f.hasLabels(labels)).map(Fault::id).toList();
    ids.forEach(id -> remove(id, "deleted"));
    return ids.size();
  }

  private synchronized void expire(String id) {
    expiryTimers.remove(id);
    remove(id, "expired");
  }

  private void removeExpired() {
    long now = clock.nowMillis();
    List<String> expired = faults.values().stream().filter(f -> f.expiredAt(now)).map(Fault::id).toList();
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
    LOG.info("chaos fault {} ({}) {}", fault.id(), fault.type(), why, kv("fault", fault.type()), kv("fault_id", fault.id()));
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
