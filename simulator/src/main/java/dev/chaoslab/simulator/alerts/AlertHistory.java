package dev.chaoslab.simulator.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What polling {@code /api/v1/alerts} saw over a run: per alert instance (name + labels), its episodes of
 * pending → firing → resolved. Memory is bounded whatever the run length: at most {@link #MAX_INSTANCES}
 * instances and the latest {@link #MAX_EPISODES} episodes of each; what does not fit is counted, never silently lost.
 *
 * <p>Times: pending starts at Prometheus' own {@code activeAt}. Firing starts at {@code activeAt + for},
 * clamped into the interval between the poll before and the poll that first saw it firing. Resolution is
 * the first poll that no longer sees the instance, so it is late by at most one poll interval.
 *
 * <p>Not thread-safe: feed it from one thread (the Vert.x context that polls).
 */
public final class AlertHistory {

    public static final int MAX_INSTANCES = 500;
    public static final int MAX_EPISODES = 50;

    /** One pending-to-resolved episode. {@code firingAt} and {@code resolvedAt} are null while it has not happened. */
    public record Episode(Instant pendingAt, Instant firingAt, Instant resolvedAt) {

        public boolean fired() {
            return firingAt != null;
        }

        /** True when it was firing at some moment of [from, to). */
        public boolean firingDuring(Instant from, Instant to) {
            return firingAt != null && firingAt.isBefore(to) && (resolvedAt == null || resolvedAt.isAfter(from));
        }

        /** True when it was pending or firing at some moment of [from, to). */
        public boolean activeDuring(Instant from, Instant to) {
            return pendingAt.isBefore(to) && (resolvedAt == null || resolvedAt.isAfter(from));
        }
    }

    /** The episodes of one alert instance, oldest first. */
    public record Instance(String name, Map<String, String> labels, List<Episode> episodes) {

        public Instance {
            labels = Map.copyOf(labels);
            episodes = List.copyOf(episodes);
        }

        public boolean matches(String alert, Map<String, String> matchers) {
            if (!name.equals(alert)) {
                return false;
            }
            for (Map.Entry<String, String> m : matchers.entrySet()) {
                if (!m.getValue().equals(labels.get(m.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Tracked {
        final String name;
        final Map<String, String> labels;
        final List<Episode> episodes = new ArrayList<>();
        Instant activeAt; // of the open episode, null when none is open
        Instant firingAt;

        Tracked(String name, Map<String, String> labels) {
            this.name = name;
            this.labels = labels;
        }
    }

    private final Map<String, Tracked> instances = new LinkedHashMap<>();
    private final Function<String, Duration> forDurations;
    private Instant lastPoll;
    private int polls;
    private int failedPolls;
    private String lastFailure;
    private int droppedInstances;
    private int droppedEpisodes;

    /** @param forDurations the {@code for:} delay of an alert by name (zero when unknown) */
    public AlertHistory(Function<String, Duration> forDurations) {
        this.forDurations = forDurations;
    }

    /** Records one successful poll, made at {@code at}, that saw exactly {@code active}. */
    public void observe(Instant at, Collection<ActiveAlert> active) {
        Instant previous = lastPoll; // null on the first poll: nothing bounds an earlier firing start
        Map<String, ActiveAlert> seen = new LinkedHashMap<>();
        for (ActiveAlert a : active) {
            seen.put(a.key(), a);
        }
        for (Tracked t : instances.values()) {
            ActiveAlert now = seen.get(AlertRule.instanceKey(t.name, t.labels));
            boolean restarted = now != null
                    && t.activeAt != null
                    && now.activeAt() != null
                    && !now.activeAt().equals(t.activeAt);
            if (t.activeAt != null && (now == null || restarted)) {
                // gone, or resolved and active again between two polls: close the open episode
                close(t, restarted ? clamp(now.activeAt(), previous, at) : at);
            }
        }
        for (ActiveAlert a : active) {
            Tracked t = instances.get(a.key());
            if (t == null) {
                if (instances.size() >= MAX_INSTANCES) {
                    droppedInstances++;
                    continue;
                }
                t = new Tracked(a.name(), a.labels());
                instances.put(a.key(), t);
            }
            if (t.activeAt == null) {
                t.activeAt = a.activeAt() == null ? at : a.activeAt();
            }
            if (a.state() == ActiveAlert.State.FIRING && t.firingAt == null) {
                Instant expected = t.activeAt.plus(forDurations.apply(a.name()));
                t.firingAt = clamp(expected, previous, at);
            }
        }
        lastPoll = at;
        polls++;
    }

    /** Records a poll that failed (Prometheus unreachable or answering errors); the episodes stay as they were. */
    public void pollFailed(Instant at, Throwable failure) {
        failedPolls++;
        lastFailure = failure.getMessage();
    }

    /** Every instance with its episodes; episodes still open at this moment have a null end. */
    public List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        for (Tracked t : instances.values()) {
            List<Episode> episodes = new ArrayList<>(t.episodes);
            if (t.activeAt != null) {
                episodes.add(new Episode(t.activeAt, t.firingAt, null));
            }
            out.add(new Instance(t.name, t.labels, episodes));
        }
        return out;
    }

    public int polls() {
        return polls;
    }

    public int failedPolls() {
        return failedPolls;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public int droppedInstances() {
        return droppedInstances;
    }

    public int droppedEpisodes() {
        return droppedEpisodes;
    }

    private void close(Tracked t, Instant resolvedAt) {
        if (t.episodes.size() >= MAX_EPISODES) {
            // a flapping alert: keep the latest episodes, count the oldest ones dropped
            t.episodes.remove(0);
            droppedEpisodes++;
        }
        t.episodes.add(new Episode(t.activeAt, t.firingAt, resolvedAt));
        t.activeAt = null;
        t.firingAt = null;
    }

    private static Instant clamp(Instant t, Instant lo, Instant hi) {
        if (lo != null && t.isBefore(lo)) {
            return lo;
        }
        return t.isAfter(hi) ? hi : t;
    }
}
