package dev.chaoslab.simulator.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls {@code /api/v1/alerts} at a coarse interval (about Prometheus' evaluation interval) into an
 * {@link AlertHistory}. Each poll schedules the next one when it completes, so a slow Prometheus never gets
 * overlapping polls. Shared by the runs that are watching: {@link #acquire()} and {@link #release()} count
 * them; polling starts with the first and stops (forgetting the history) after the last.
 *
 * <p>Confined to one Vert.x context: call it from the event loop it was created on.
 */
final class AlertPoller {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPoller.class);

    private final Vertx vertx;
    private final PrometheusClient prometheus;
    private final Clock clock;
    private Duration interval;
    private Function<String, Duration> forDurations = name -> Duration.ZERO;
    private AlertHistory history;
    private int watchers;
    private long timerId = -1;
    private boolean polling;

    AlertPoller(Vertx vertx, PrometheusClient prometheus, Duration interval, Clock clock) {
        this.vertx = vertx;
        this.prometheus = prometheus;
        this.interval = interval;
        this.clock = clock;
    }

    /** The {@code for:} delays of the alerts (from the rules), used to date the start of firing. */
    synchronized void forDurations(Function<String, Duration> forDurations) {
        this.forDurations = forDurations;
    }

    synchronized void interval(Duration interval) {
        this.interval = interval;
    }

    synchronized void acquire() {
        watchers++;
        if (history == null) {
            history = new AlertHistory(name -> forDurations.apply(name));
            polling = true;
            poll();
        }
    }

    synchronized void release() {
        watchers = Math.max(0, watchers - 1);
        if (watchers == 0) {
            polling = false;
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
            history = null;
        }
    }

    /** The history so far, or null when nobody is watching. */
    synchronized AlertHistory history() {
        return history;
    }

    /** The alert instances seen so far, or null when nobody is watching; safe from any thread. */
    synchronized List<AlertHistory.Instance> instances() {
        return history == null ? null : history.instances();
    }

    /** Polls once more now and completes when that poll is recorded, so verdicts see the latest state. */
    Future<Void> pollNow() {
        AlertHistory h;
        synchronized (this) {
            h = history;
        }
        if (h == null) {
            return Future.succeededFuture();
        }
        return prometheus
                .alerts()
                .onSuccess(alerts -> record(h, clock.instant(), alerts, null))
                .onFailure(failure -> record(h, clock.instant(), null, failure))
                .<Void>mapEmpty()
                .recover(failure -> Future.succeededFuture());
    }

    private synchronized void poll() {
        if (!polling) {
            return;
        }
        AlertHistory h = history;
        prometheus.alerts().onComplete(ar -> {
            record(h, clock.instant(), ar.succeeded() ? ar.result() : null, ar.cause());
            synchronized (this) {
                if (polling && h == history) {
                    timerId = vertx.setTimer(interval.toMillis(), id -> poll());
                }
            }
        });
    }

    private synchronized void record(AlertHistory h, Instant at, List<ActiveAlert> alerts, Throwable failure) {
        if (h == null || h != history) {
            return;
        }
        if (failure != null) {
            if (h.failedPolls() == 0) {
                LOG.warn("polling alerts failed, verdicts may miss transitions: {}", failure.getMessage());
            }
            h.pollFailed(at, failure);
        } else {
            h.observe(at, alerts);
        }
    }
}
