package dev.chaoslab.simulator.run;

import dev.chaoslab.simulator.chaos.ChaosClient;
import dev.chaoslab.simulator.chaos.ChaosTimeline;
import dev.chaoslab.simulator.load.LoadOptions;
import dev.chaoslab.simulator.scenario.ValidationOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;

/**
 * Settings of a {@link RunManager}. Defaults are {@code DEFAULT_*} constants; setters reject bad values with
 * the limit in the message.
 */
public final class RunManagerOptions {
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 2;
    /** The ceiling the rate dial may not exceed (requests/s): the same as scenario validation's. */
    public static final double DEFAULT_MAX_RATE = ValidationOptions.DEFAULT_MAX_RATE;
    /** Finished runs kept in memory for {@link RunManager#runs()}; their reports stay in the report sink. */
    public static final int DEFAULT_KEEP_FINISHED = 50;
    /** Two scrape intervals of the stack's Prometheus (15 s): the last scrape sees a finished run's final values. */
    public static final long DEFAULT_METER_RETENTION_MS = 30_000;

    private int maxConcurrentRuns = DEFAULT_MAX_CONCURRENT_RUNS;
    private double maxRate = DEFAULT_MAX_RATE;
    private int keepFinished = DEFAULT_KEEP_FINISHED;
    private long chaosTtlMarginMs = ChaosTimeline.DEFAULT_TTL_MARGIN_MS;
    private int chaosTimeoutMs = ChaosClient.DEFAULT_TIMEOUT_MS;
    private long meterRetentionMs = DEFAULT_METER_RETENTION_MS;
    private LoadOptions load = new LoadOptions();
    private MeterRegistry meterRegistry;
    private Tracer tracer;

    public int maxConcurrentRuns() {
        return maxConcurrentRuns;
    }

    public RunManagerOptions setMaxConcurrentRuns(int maxConcurrentRuns) {
        if (maxConcurrentRuns <= 0) {
            throw new IllegalArgumentException("maxConcurrentRuns must be > 0, was " + maxConcurrentRuns);
        }
        this.maxConcurrentRuns = maxConcurrentRuns;
        return this;
    }

    public double maxRate() {
        return maxRate;
    }

    public RunManagerOptions setMaxRate(double maxRate) {
        if (!(maxRate > 0) || !Double.isFinite(maxRate)) {
            throw new IllegalArgumentException("maxRate must be a finite number > 0 requests/s, was " + maxRate);
        }
        this.maxRate = maxRate;
        return this;
    }

    public int keepFinished() {
        return keepFinished;
    }

    public RunManagerOptions setKeepFinished(int keepFinished) {
        if (keepFinished < 0) {
            throw new IllegalArgumentException("keepFinished must be >= 0, was " + keepFinished);
        }
        this.keepFinished = keepFinished;
        return this;
    }

    public long chaosTtlMarginMs() {
        return chaosTtlMarginMs;
    }

    /** Added to each chaos step's duration for the fault's TTL. */
    public RunManagerOptions setChaosTtlMarginMs(long chaosTtlMarginMs) {
        if (chaosTtlMarginMs < 0) {
            throw new IllegalArgumentException("chaosTtlMarginMs must be >= 0, was " + chaosTtlMarginMs);
        }
        this.chaosTtlMarginMs = chaosTtlMarginMs;
        return this;
    }

    public long meterRetentionMs() {
        return meterRetentionMs;
    }

    /** How long a finished run's meters stay on {@code /metrics}: long enough for scrapers to see final values. */
    public RunManagerOptions setMeterRetentionMs(long meterRetentionMs) {
        if (meterRetentionMs < 0) {
            throw new IllegalArgumentException("meterRetentionMs must be >= 0, was " + meterRetentionMs);
        }
        this.meterRetentionMs = meterRetentionMs;
        return this;
    }

    public int chaosTimeoutMs() {
        return chaosTimeoutMs;
    }

    /** Timeout of each call to a target's chaos API. */
    public RunManagerOptions setChaosTimeoutMs(int chaosTimeoutMs) {
        if (chaosTimeoutMs <= 0) {
            throw new IllegalArgumentException("chaosTimeoutMs must be > 0, was " + chaosTimeoutMs);
        }
        this.chaosTimeoutMs = chaosTimeoutMs;
        return this;
    }

    public LoadOptions load() {
        return load;
    }

    public RunManagerOptions setLoad(LoadOptions load) {
        this.load = Objects.requireNonNull(load, "load");
        return this;
    }

    /** The registry of the simulator's metrics (ServiceTelemetry's); a private simple registry when unset. */
    public MeterRegistry meterRegistry() {
        return meterRegistry != null ? meterRegistry : (meterRegistry = new SimpleMeterRegistry());
    }

    public RunManagerOptions setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        return this;
    }

    /** The tracer of the simulator's client spans (ServiceTelemetry's); a no-op tracer when unset. */
    public Tracer tracer() {
        return tracer != null ? tracer : OpenTelemetry.noop().getTracer("chaoslab-simulator");
    }

    public RunManagerOptions setTracer(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        return this;
    }
}
