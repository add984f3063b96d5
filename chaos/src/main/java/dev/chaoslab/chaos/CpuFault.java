package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spends CPU time per matching request on the engine's small worker pool (never on the event loop), then lets
 * the request through. The pool is bounded, so concurrent burns queue up as on a saturated host; a burn still queued
 * when its fault expires or is removed is dropped, so the host recovers when the fault ends, not minutes later.
 */
public final class CpuFault implements FaultType {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Set<String> fields() {
        return Set.of("cpuMs");
    }

    @Override
    public FaultBehaviour parse(JsonFields fault, FaultScope scope) {
        Long cpuMs = fault.integer(
                "cpuMs", true, 1, scope.options().maxCpuMs(), "the CPU ceiling; set CHAOS_MAX_CPU_MS to raise it");
        return cpuMs == null ? null : new Behaviour(cpuMs);
    }

    /**
     * Burns {@code cpuMs} of this thread's CPU time; gives up after 10× that in wall time plus 100 ms, so a
     * starved host cannot keep a worker forever. Returns the CPU ms actually spent.
     */
    static double burn(long cpuMs) {
        boolean cpuClock = THREADS.isCurrentThreadCpuTimeSupported();
        long wallStart = System.nanoTime();
        long wallDeadline = wallStart + (cpuMs * 10 + 100) * 1_000_000L;
        long cpuStart = cpuClock ? THREADS.getCurrentThreadCpuTime() : wallStart;
        long target = cpuMs * 1_000_000L;
        double sink = 0;
        long spent = 0;
        while (spent < target && System.nanoTime() < wallDeadline) {
            for (int i = 1; i < 20_000; i++) {
                sink += Math.sqrt(i) * Math.sin(i);
            }
            spent = (cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime()) - cpuStart;
        }
        // keep the loop from being optimised away
        return sink == Double.MAX_VALUE ? -1 : spent / 1e6;
    }

    static final class Behaviour implements FaultBehaviour.OnRequest {

        private final long cpuMs;
        private volatile String lastBurnThread;
        private final AtomicLong burned = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();

        Behaviour(long cpuMs) {
            this.cpuMs = cpuMs;
        }

        @Override
        public Future<Boolean> apply(Injection injection) {
            injection.record(Map.of("cpu_ms", cpuMs));
            return injection
                    .cpuExecutor()
                    .executeBlocking(
                            () -> {
                                if (!injection.faultActive()) {
                                    dropped.incrementAndGet();
                                    return 0.0;
                                }
                                lastBurnThread = Thread.currentThread().getName();
                                burned.incrementAndGet();
                                return burn(cpuMs);
                            },
                            false)
                    .map(true);
        }

        /** Burns that ran. */
        long burned() {
            return burned.get();
        }

        /** Burns dropped because the fault had ended while they waited for a worker. */
        long dropped() {
            return dropped.get();
        }

        /** Where the last burn ran (never an event loop). */
        String lastBurnThread() {
            return lastBurnThread;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("cpuMs", cpuMs);
        }
    }
}
