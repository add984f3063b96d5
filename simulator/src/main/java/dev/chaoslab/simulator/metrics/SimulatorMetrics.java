package dev.chaoslab.simulator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The simulator's own metrics, named as in {@code docs/contracts.md} (Prometheus names in the comments).
 * High-volume series carry no run id (bounded cardinality); run-level gauges of runs of the same scenario are
 * summed. Thread-safe: meters are Micrometer's, the registries of live runs are concurrent.
 */
public final class SimulatorMetrics {
    /** Latency buckets in seconds, chosen around typical SLO thresholds (1 ms … 30 s). */
    static final Duration[] LATENCY_BUCKETS =
            millis(1, 2, 5, 10, 25, 50, 100, 200, 250, 300, 500, 750, 1_000, 2_000, 2_500, 5_000, 10_000, 30_000);
    /** Schedule lag buckets: sub-millisecond is on time for a millisecond timer; above 10 ms the simulator is behind. */
    static final Duration[] LAG_BUCKETS = micros(
            100, 250, 500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
            5_000_000);

    private final MeterRegistry registry;
    private final Timer scheduleLag;
    private final Map<String, Set<RunGauges>> liveRuns = new ConcurrentHashMap<>();
    private final Map<Tags, Integer> activeFaults = new ConcurrentHashMap<>();
    /** How many live runs hold each shared run meter (guarded by {@code this}). */
    private final Map<Meter.Id, Integer> held = new HashMap<>();

    /** What a live run exposes for the per-scenario gauges; read from the scrape thread. */
    public interface RunGauges {
        double scheduledRate();

        double achievedRate();

        long inFlight();
    }

    public SimulatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // chaoslab_schedule_lag_seconds
        this.scheduleLag = Timer.builder("chaoslab.schedule.lag")
                .description("How late the scheduler sent requests compared to their intended send time")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Adds a live run to the per-scenario gauges (registered once per scenario). */
    public void attach(String scenario, RunGauges run) {
        Set<RunGauges> runs = liveRuns.computeIfAbsent(scenario, s -> {
            Set<RunGauges> set = ConcurrentHashMap.newKeySet();
            // chaoslab_scheduled_rate, chaoslab_achieved_rate, chaoslab_requests_in_flight
            gauge(
                    "chaoslab.scheduled.rate",
                    "Requests per second the schedule asks for now",
                    s,
                    set,
                    RunGauges::scheduledRate);
            gauge(
                    "chaoslab.achieved.rate",
                    "Requests per second actually sent over the last second",
                    s,
                    set,
                    RunGauges::achievedRate);
            gauge("chaoslab.requests.in.flight", "Requests sent and not yet answered", s, set, r -> r.inFlight());
            return set;
        });
        runs.add(run);
    }

    public void detach(String scenario, RunGauges run) {
        Set<RunGauges> runs = liveRuns.get(scenario);
        if (runs != null) {
            runs.remove(run);
        }
    }

    private void gauge(String name, String help, String scenario, Set<RunGauges> runs, ToDoubleFunction<RunGauges> f) {
        Gauge.builder(name, runs, set -> set.stream().mapToDouble(f).sum())
                .description(help)
                .tag("scenario", scenario)
                .strongReference(true)
                .register(registry);
    }

    /** chaoslab_requests_scheduled_total{scenario,phase} */
    public Counter scheduled(String scenario, String phase) {
        return Counter.builder("chaoslab.requests.scheduled")
                .description("Requests the schedule asked for")
                .tags("scenario", scenario, "phase", phase)
                .register(registry);
    }

    /** chaoslab_requests_total{scenario,phase,request,outcome} */
    public Counter completed(String scenario, String phase, String request, String outcome) {
        return Counter.builder("chaoslab.requests")
                .description("Requests sent, by outcome")
                .tags("scenario", scenario, "phase", phase, "request", request, "outcome", outcome)
                .register(registry);
    }

    /** chaoslab_requests_dropped_total{scenario,phase} */
    public Counter dropped(String scenario, String phase) {
        return Counter.builder("chaoslab.requests.dropped")
                .description(
                        "Requests not sent because the in-flight cap was hit (or the line for a connection was full)")
                .tags("scenario", scenario, "phase", phase)
                .register(registry);
    }

    /** chaoslab_request_latency_seconds{scenario,phase,request,measure} */
    public Timer latency(String scenario, String phase, String request, String measure) {
        return Timer.builder("chaoslab.request.latency")
                .description(
                        "Request latency; measure=corrected from the intended send time, service from the actual send")
                .tags("scenario", scenario, "phase", phase, "request", request, "measure", measure)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /**
     * Registers a run's meters with {@code register} and counts each meter {@code meters} lists as held by one more
     * run. Meters of runs of one scenario carry no run id and are shared, so a meter leaves the registry when the last
     * run holding it {@linkplain #release releases} it; registering and releasing exclude each other.
     */
    public synchronized <T> T hold(Supplier<T> register, Function<T, Collection<Meter>> meters) {
        T made = register.get();
        for (Meter m : meters.apply(made)) {
            held.merge(m.getId(), 1, Integer::sum);
        }
        return made;
    }

    /** Releases meters {@link #hold} counted: each one no run holds any more is removed from the registry. */
    public synchronized void release(Collection<Meter> meters) {
        for (Meter m : meters) {
            if (held.computeIfPresent(m.getId(), (id, count) -> count > 1 ? count - 1 : null) == null) {
                registry.remove(m);
            }
        }
    }

    public void recordLag(long lagNanos) {
        scheduleLag.record(lagNanos, TimeUnit.NANOSECONDS);
    }

    /** chaoslab_run_info{run_id,scenario,phase} = 1; remove the returned meter when the phase ends. */
    public Meter runInfo(String runId, String scenario, String phase) {
        return Gauge.builder("chaoslab.run.info", () -> 1)
                .description("1 while a run is in this phase")
                .tags(Tags.of("run_id", runId, "scenario", scenario, "phase", phase))
                .register(registry);
    }

    /**
     * chaos_fault_active{run_id,target,fault} = 1 while at least one such fault is active: counted, because a
     * run may apply two faults of one type to one target at overlapping times. Call {@link #faultCleared} once
     * for each call of this.
     */
    public void faultApplied(String runId, String target, String fault) {
        Tags tags = Tags.of("run_id", runId, "target", target, "fault", fault);
        activeFaults.compute(tags, (t, count) -> {
            if (count == null) {
                Gauge.builder("chaos.fault.active", () -> 1)
                        .description("1 while a fault the run applied is active")
                        .tags(t)
                        .register(registry);
                return 1;
            }
            return count + 1;
        });
    }

    public void faultCleared(String runId, String target, String fault) {
        Tags tags = Tags.of("run_id", runId, "target", target, "fault", fault);
        activeFaults.computeIfPresent(tags, (t, count) -> {
            if (count > 1) {
                return count - 1;
            }
            Gauge gauge = registry.find("chaos.fault.active").tags(t).gauge();
            if (gauge != null) {
                registry.remove(gauge);
            }
            return null;
        });
    }

    public void remove(Meter meter) {
        if (meter != null) {
            registry.remove(meter);
        }
    }

    private static Duration[] millis(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis(values[i]);
        }
        return out;
    }

    private static Duration[] micros(long... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(values[i] * 1_000);
        }
        return out;
    }
}
