package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CoarseWallClock} shows the wall clock as last ticked, its shared instance is ticked by a daemon thread, and a
 * registry on it reads its source only at ticks however many observations it records.
 */
class CoarseWallClockTest {

    @Test
    @DisplayName("wallTime() is the source as read at construction and at each tick, not in between")
    void wallTimeAtTicks() {
        AtomicLong source = new AtomicLong(1_000);
        CoarseWallClock clock = new CoarseWallClock(source::get);
        assertThat(clock.wallTime()).isEqualTo(1_000);
        source.set(1_100);
        assertThat(clock.wallTime()).isEqualTo(1_000);
        clock.tick();
        assertThat(clock.wallTime()).isEqualTo(1_100);
        source.set(900); // a step back shows as it is at the next tick
        clock.tick();
        assertThat(clock.wallTime()).isEqualTo(900);
        long before = System.nanoTime();
        assertThat(clock.monotonicTime()).isBetween(before, System.nanoTime());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @DisplayName("the shared clock follows the system's wall clock, ticked by a daemon thread")
    void sharedTicks() throws InterruptedException {
        CoarseWallClock clock = CoarseWallClock.shared();
        long start = System.currentTimeMillis();
        assertThat(clock.wallTime()).isLessThanOrEqualTo(start);
        while (clock.wallTime() < start) {
            Thread.sleep(10);
        }
        assertThat(clock.wallTime()).isLessThanOrEqualTo(System.currentTimeMillis());
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(thread -> thread.getName().equals(CoarseWallClock.THREAD_NAME))
                .singleElement()
                .matches(Thread::isDaemon, "daemon");
    }

    @Test
    @DisplayName("a registry on the clock reads the wall clock at ticks only, and its meters record as on the system's")
    void registryReadsAtTicks() {
        AtomicLong reads = new AtomicLong();
        CoarseWallClock clock = new CoarseWallClock(() -> {
            reads.incrementAndGet();
            return System.currentTimeMillis();
        });
        ServiceMeterRegistry registry = new ServiceMeterRegistry(new PrometheusRegistry(), null, clock);
        registry.config().meterFilter(ServiceTelemetry.latencyBuckets());
        Timer timer = Timer.builder(HttpServerMeters.RESPONSE_TIME).register(registry);
        DistributionSummary summary =
                DistributionSummary.builder(HttpServerMeters.RESPONSE_BYTES).register(registry);
        long before = reads.get();
        for (int i = 1; i <= 1000; i++) {
            timer.record(Duration.ofMillis(i % 20));
            summary.record(i);
        }
        assertThat(reads.get()).isEqualTo(before);
        assertThat(timer.count()).isEqualTo(1000);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isEqualTo(19.0);
        assertThat(summary.max()).isEqualTo(1000.0);
        assertThat(registry.scrape()).contains("vertx_http_server_response_time_seconds_bucket{le=\"0.005\"} 300");
    }
}
