package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.result.RunReport;
import dev.chaoslab.simulator.result.ShardBlock;
import dev.chaoslab.simulator.result.ShardHistograms;
import dev.chaoslab.simulator.result.ShardHistograms.Entry;
import dev.chaoslab.simulator.result.ShardHistograms.Measure;
import dev.chaoslab.simulator.result.ShardHistograms.Scope;
import dev.chaoslab.simulator.scenario.RequestSpec;
import dev.chaoslab.simulator.scenario.RequestStep;
import dev.chaoslab.simulator.scenario.Scenario;
import dev.chaoslab.simulator.traffic.ArrivalGenerator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What sharding changes in a run: which arrivals of the seeded plan it sends ({@link StripedSchedule}), each
 * arrival's own random stream (so an arrival renders the same whichever shard sends it), the role of the shard (the
 * leader alone runs chaos and alert verdicts), the common start ({@link Shard#startAt()}: a shard that starts late
 * counts the arrivals it missed as dropped), and the shard block and histograms of its report. A whole run is the
 * plan of one shard with none of the rest.
 *
 * <p>Thread-safety: {@link #missed} and the arrival randoms are called on the lanes; the rest on the run's context.
 */
final class ShardPlan {
    private final Shard shard;
    private final Vertx vertx;
    private final long seed;
    private final double rateMultiplier;
    private final String digest;
    private final ArrivalGenerator generator;
    private final StripedSchedule.Counter counter = new StripedSchedule.Counter();
    private final AtomicLong missed = new AtomicLong();
    private final List<KeptSecond> seconds = new ArrayList<>();
    /** The plan offset before which this shard's arrivals were missed (it started that late); 0 when on time. */
    private volatile long missedBeforeNanos;

    /**
     * @throws IllegalArgumentException when the shard's start is out of bounds ({@link Shard#checkStart})
     */
    ShardPlan(Vertx vertx, Scenario scenario, RunOptions options, long seed, ArrivalGenerator generator, Instant now) {
        this.vertx = vertx;
        this.shard = options.shard();
        this.seed = seed;
        this.rateMultiplier = options.rateMultiplier() == null ? 1.0 : options.rateMultiplier();
        this.generator = generator;
        this.digest = digest(scenario);
        if (shard != null) {
            shard.checkStart(now, Duration.ofNanos(generator.totalNanos()));
        }
    }

    boolean sharded() {
        return shard != null;
    }

    /**
     * The scenario as this shard runs it: a shard other than the leader has no chaos timeline and no alert
     * expectations (the leader's report has them).
     */
    static Scenario role(Scenario scenario, Shard shard) {
        if (shard == null || shard.leader()) {
            return scenario;
        }
        return new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.targets(),
                scenario.chaosApis(),
                scenario.phases(),
                scenario.requests(),
                List.of(),
                scenario.thresholds(),
                List.of(),
                scenario.source());
    }

    /** A new lane's view of the plan: this shard's stripe of it. */
    StripedSchedule schedule() {
        return shard == null
                ? new StripedSchedule(generator, counter, 0, 1)
                : new StripedSchedule(generator, counter, shard.index(), shard.count());
    }

    /** Completes when plan time 0 has come (at once for a whole run or a late shard). */
    Future<Void> awaitStart(RunClock clock) {
        if (shard == null) {
            return Future.succeededFuture();
        }
        long waitMs = Duration.between(clock.now(), shard.startAt()).toMillis();
        if (waitMs <= 0) {
            return Future.succeededFuture();
        }
        Promise<Void> due = Promise.promise();
        vertx.setTimer(waitMs, t -> due.complete());
        return due.future();
    }

    /**
     * The run's start on {@code clock}: now, or for a shard that starts after its {@code startAt} that much earlier,
     * so that its plan time is every other shard's; the arrivals due before now are then missed.
     */
    long startNanos(RunClock clock) {
        long nanos = clock.nanoTime();
        if (shard == null) {
            return nanos;
        }
        long lateNanos =
                Math.max(0, Duration.between(shard.startAt(), clock.now()).toNanos());
        missedBeforeNanos = lateNanos;
        return nanos - lateNanos;
    }

    /**
     * The wall-clock start of plan time 0, as the report shows it: the shared {@code startAt} of a shard, else
     * {@code now}.
     */
    Instant startedAt(Instant now) {
        return shard == null ? now : shard.startAt();
    }

    /** Whether the arrival intended at {@code intendedOffsetNanos} was due before this shard started; counts it. */
    boolean missed(long intendedOffsetNanos) {
        if (intendedOffsetNanos < missedBeforeNanos) {
            missed.incrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Arrival {@code index}'s own random stream, the same in every shard and in a whole run of the same seed: the mix
     * pick and the template values of the arrival (a whole journey) come from it.
     */
    SplittableRandom arrivalRandom(long index) {
        return new SplittableRandom(mix64(seed ^ mix64(index + 0x632BE59BD9B4E019L)));
    }

    /** Keeps each second's histograms as it closes, for the histogram log; a whole run keeps none. */
    void keepSeconds(RunStats stats) {
        if (shard != null) {
            stats.onSecondClosed((t, service, corrected) -> {
                seconds.add(KeptSecond.of(t, Measure.SERVICE, service));
                seconds.add(KeptSecond.of(t, Measure.CORRECTED, corrected));
            });
        }
    }

    /** {@code report} with this shard's block and histograms; a whole run's report as it is. */
    RunReport decorate(RunReport report, RunStats stats) {
        if (shard == null) {
            return report;
        }
        ShardBlock block = new ShardBlock(
                shard.index(), shard.count(), digest, seed, rateMultiplier, shard.startAt(), missed.get(), List.of());
        return report.withShard(block, histograms(stats));
    }

    /** Refuses to turn the dial of a sharded run: one shard's dial would renumber its arrivals, breaking the stripes. */
    void checkDial(String runId) {
        if (shard != null) {
            throw new IllegalStateException("run " + runId + " is shard " + shard.index() + "/" + shard.count()
                    + " of a sharded run, whose rate is fixed at its start (every shard must number the same"
                    + " arrivals); start the shards with the same rate multiplier instead");
        }
    }

    private ShardHistograms histograms(RunStats stats) {
        List<Entry> entries = new ArrayList<>();
        stats.visitHistograms((label, phase, corrected, service) -> {
            Scope scope = label == null ? Scope.RUN : Scope.CELL;
            entries.add(new Entry(scope, Measure.CORRECTED, label, phase, -1, corrected.copy()));
            entries.add(new Entry(scope, Measure.SERVICE, label, phase, -1, service.copy()));
        });
        entries.add(new Entry(Scope.RUN, Measure.LAG, null, null, -1, stats.lagHistogram()));
        seconds.forEach(kept -> entries.add(kept.entry()));
        return new ShardHistograms(entries);
    }

    /** A closed second's histogram, kept compressed until the report (a long run has many). */
    private record KeptSecond(long t, Measure measure, byte[] compressed) {
        static KeptSecond of(long t, Measure measure, Histogram h) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            return new KeptSecond(t, measure, Arrays.copyOf(buffer.array(), length));
        }

        Entry entry() {
            try {
                Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
                return new Entry(Scope.SECOND, measure, null, null, t, h);
            } catch (DataFormatException e) {
                throw new IllegalStateException("the histogram of second " + t + " could not be decoded", e);
            }
        }
    }

    /** The digest of what makes the plan: phases, request mix (names, weights, steps) and thresholds. */
    static String digest(Scenario scenario) {
        StringBuilder canonical = new StringBuilder();
        canonical.append("scenario ").append(scenario.name()).append('\n');
        scenario.phases().forEach(p -> canonical.append("phase ").append(p).append('\n'));
        for (RequestSpec spec : scenario.requests()) {
            canonical
                    .append("request ")
                    .append(spec.name())
                    .append(' ')
                    .append(spec.weight())
                    .append('\n');
            for (RequestStep step : spec.steps()) {
                canonical
                        .append("  step ")
                        .append(step.name())
                        .append(' ')
                        .append(step.target())
                        .append(' ')
                        .append(step.method())
                        .append(' ')
                        .append(step.path().source())
                        .append(' ')
                        .append(
                                step.body() == null
                                        ? ""
                                        : String.valueOf(step.body().source()))
                        .append(' ')
                        .append(headers(step))
                        .append(' ')
                        .append(step.timeout())
                        .append(' ')
                        .append(step.expectedStatuses())
                        .append('\n');
            }
        }
        scenario.thresholds()
                .forEach(t -> canonical.append("threshold ").append(t).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String headers(RequestStep step) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(step.headers())
                .forEach((name, value) ->
                        out.append(name).append('=').append(value.source()).append(';'));
        return out.append('}').toString();
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
