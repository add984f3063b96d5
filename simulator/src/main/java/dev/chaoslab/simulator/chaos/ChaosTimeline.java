package dev.chaoslab.simulator.chaos;

import dev.chaoslab.simulator.metrics.RunLog;
import dev.chaoslab.simulator.metrics.SimulatorMetrics;
import dev.chaoslab.simulator.scenario.ChaosStep;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * Applies a run's chaos steps to the targets' chaos APIs at their offsets and removes each when its duration
 * ends. Every fault carries a TTL (its duration plus a safety margin) and the run's {@link ChaosStep#RUN_LABELS}
 * (run id, scenario, step), so it goes away even if the simulator dies, and {@link #clearAll()}
 * removes every fault of the run by label when the run ends, is stopped or fails. A target that does not
 * answer is logged and recorded as failed; the timeline goes on.
 *
 * <p>Confined to the run's context ({@link #start()}, {@link #clearAll()}); {@link #snapshot()} is safe from
 * any thread.
 */
public final class ChaosTimeline {
    /** Added to each step's duration for the TTL: the target removes the fault itself if nobody else does. */
    public static final long DEFAULT_TTL_MARGIN_MS = ValidationOptions.DEFAULT_FAULT_TTL_MARGIN_MS;

    private final Context context;
    private final ChaosClient client;
    private final String runId;
    private final String scenario;
    private final SimulatorMetrics metrics;
    private final RunLog log;
    private final LongSupplier elapsedMs;
    private final long ttlMarginMs;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Future<?>> pendingCalls = new ArrayList<>();
    private volatile List<FaultStatus> snapshot;
    private boolean closed;
    private Future<Void> cleared;

    public ChaosTimeline(
            Context context,
            ChaosClient client,
            List<ScheduledFault> steps,
            String runId,
            String scenario,
            SimulatorMetrics metrics,
            RunLog log,
            LongSupplier elapsedMs,
            long ttlMarginMs) {
        this.context = context;
        this.client = client;
        this.runId = runId;
        this.scenario = scenario;
        this.metrics = metrics;
        this.log = log.with(LoggerFactory.getLogger("chaos"));
        this.elapsedMs = elapsedMs;
        this.ttlMarginMs = ttlMarginMs;
        for (ScheduledFault step : steps) {
            slots.add(new Slot(step));
        }
        publish();
    }

    /** Schedules every step relative to the run start; call on the run's context once the run has started. */
    public void start() {
        for (Slot slot : slots) {
            long delay = slot.step.atMs() - elapsedMs.getAsLong();
            if (delay <= 0) {
                apply(slot);
            } else {
                slot.timerId = context.owner().setTimer(delay, id -> apply(slot));
            }
        }
    }

    public List<FaultStatus> snapshot() {
        return snapshot;
    }

    /** Number of faults applied and not yet removed. */
    public long activeCount() {
        return snapshot.stream().filter(f -> f.state().equals("active")).count();
    }

    /**
     * Stops the timeline and removes every fault of the run from every target of the timeline, by label, after
     * calls already under way have settled. Never fails; failures are logged and recorded. Idempotent.
     */
    public Future<Void> clearAll() {
        if (cleared != null) {
            return cleared;
        }
        closed = true;
        for (Slot slot : slots) {
            if (slot.timerId >= 0) {
                context.owner().cancelTimer(slot.timerId);
                slot.timerId = -1;
            }
        }
        Set<URI> targets = new LinkedHashSet<>();
        slots.forEach(s -> targets.add(s.step.base()));
        cleared = Future.join(new ArrayList<>(pendingCalls))
                .transform(ignored -> {
                    List<Future<?>> clears = new ArrayList<>();
                    for (URI target : targets) {
                        clears.add(client.clearRun(target, runId)
                                .onSuccess(n -> log.info("cleared {} fault(s) of the run from {}", n, target))
                                .onFailure(err -> clearFailed(target, err)));
                    }
                    return Future.join(clears);
                })
                .transform(ignored -> {
                    long now = elapsedMs.getAsLong();
                    for (Slot slot : slots) {
                        if (slot.state.equals("active")) {
                            finish(slot, now, slot.error == null ? "cleared" : "failed");
                        } else if (slot.state.equals("pending")) {
                            slot.state = "skipped";
                        }
                    }
                    publish();
                    return Future.<Void>succeededFuture();
                });
        return cleared;
    }

    private void apply(Slot slot) {
        slot.timerId = -1;
        if (closed) {
            return;
        }
        ScheduledFault step = slot.step;
        JsonObject fault = step.fault().copy().put("ttl", (step.durationMs() + ttlMarginMs) + "ms");
        JsonObject labels = fault.getJsonObject("labels", new JsonObject()).copy();
        ChaosStep.runLabels(runId, scenario, step.index()).forEach(labels::put);
        fault.put("labels", labels);
        slot.state = "applying";
        Future<JsonObject> call = client.apply(step.base(), fault)
                .onSuccess(stored -> applied(slot, stored))
                .onFailure(err -> {
                    slot.state = "failed";
                    slot.error = "apply failed: " + err.getMessage();
                    log.warn(
                            "chaos step {} ({} on {}) could not be applied: {}",
                            step.index(),
                            step.type(),
                            step.target(),
                            err.getMessage());
                    publish();
                });
        track(call);
    }

    private void applied(Slot slot, JsonObject stored) {
        ScheduledFault step = slot.step;
        slot.faultId = stored == null ? null : stored.getString("id");
        slot.state = "active";
        slot.startMs = elapsedMs.getAsLong();
        slot.endMs = slot.startMs + step.durationMs();
        metrics.faultApplied(runId, step.target(), step.type());
        log.info(
                "applied chaos step {}: {} on {} for {} ms (fault {})",
                step.index(),
                step.type(),
                step.target(),
                step.durationMs(),
                slot.faultId);
        publish();
        if (closed) {
            // the run ended while the fault was being applied: clearAll's label delete follows, as it waits for us
            return;
        }
        slot.timerId = context.owner().setTimer(step.durationMs(), id -> remove(slot));
    }

    private void remove(Slot slot) {
        slot.timerId = -1;
        if (closed || !slot.state.equals("active")) {
            return;
        }
        ScheduledFault step = slot.step;
        Future<Void> call = slot.faultId == null
                ? client.clearRun(step.base(), runId).mapEmpty()
                : client.remove(step.base(), slot.faultId);
        track(call.onSuccess(v -> {
                    log.info("removed chaos step {}: {} on {}", step.index(), step.type(), step.target());
                    finish(slot, elapsedMs.getAsLong(), "cleared");
                    publish();
                })
                .onFailure(err -> {
                    log.warn(
                            "chaos step {} ({} on {}) could not be removed, it expires by its TTL: {}",
                            step.index(),
                            step.type(),
                            step.target(),
                            err.getMessage());
                    slot.error = "remove failed: " + err.getMessage();
                    finish(slot, elapsedMs.getAsLong(), "failed");
                    publish();
                }));
    }

    private void clearFailed(URI target, Throwable err) {
        log.warn("could not clear the run's faults from {}, they expire by their TTL: {}", target, err.getMessage());
        for (Slot slot : slots) {
            if (slot.step.base().equals(target) && slot.state.equals("active")) {
                slot.error = "clear failed: " + err.getMessage();
            }
        }
    }

    private void finish(Slot slot, long now, String state) {
        if (slot.state.equals("active")) {
            metrics.faultCleared(runId, slot.step.target(), slot.step.type());
        }
        slot.state = state;
        slot.endMs = now;
    }

    private void track(Future<?> call) {
        pendingCalls.add(call);
        call.onComplete(ar -> pendingCalls.remove(call));
    }

    private void publish() {
        List<FaultStatus> out = new ArrayList<>(slots.size());
        for (Slot s : slots) {
            String state = s.state.equals("applying") ? "pending" : s.state;
            out.add(new FaultStatus(
                    s.step.index(), s.step.target(), s.step.type(), s.startMs, s.endMs, s.faultId, state, s.error));
        }
        snapshot = List.copyOf(out);
    }

    private static final class Slot {
        final ScheduledFault step;
        String state = "pending";
        String faultId;
        String error;
        long startMs;
        long endMs;
        long timerId = -1;

        Slot(ScheduledFault step) {
            this.step = step;
            this.startMs = step.atMs();
            this.endMs = step.atMs() + step.durationMs();
        }
    }
}
