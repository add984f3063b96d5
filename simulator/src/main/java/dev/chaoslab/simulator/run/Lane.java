package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.load.HttpLoadClient;
import dev.chaoslab.simulator.load.OpenModelScheduler;
import io.vertx.core.Context;

/**
 * One event loop's share of a run's traffic. A run sends from several lanes (one per core by default), so its
 * requests use every core instead of one event loop: each lane has its own scheduler pulling from the run's
 * one shared schedule (whichever lane is free takes the next due arrival; the intended times are the plan's,
 * whichever lane sends them), its own connections and its own statistics (each arrival's randoms are its own,
 * not the lane's: {@link ShardPlan#arrivalRandom}). Everything here
 * is confined to the lane's context; what lanes share (meters, the error catalogue, the in-flight count) is
 * thread-safe, and the run reads the lane's statistics through {@link LaneStats}.
 */
final class Lane {
    final Context context;
    final HttpLoadClient client;
    final LaneStats stats;
    OutcomeRecorder recorder;
    OpenModelScheduler scheduler;

    Lane(Context context, HttpLoadClient client, LaneStats stats) {
        this.context = context;
        this.client = client;
        this.stats = stats;
    }

    /** Runs {@code action} on the lane's context. */
    void run(Runnable action) {
        context.runOnContext(v -> action.run());
    }
}
