package dev.chaoslab.simulator.run;

import java.time.Duration;
import java.time.Instant;

/**
 * Which stripe of a plan a sharded run sends: arrival i of the seeded plan belongs to shard {@code i mod count}, and
 * every shard starts plan time 0 at {@code startAt}. Shard 0 is the leader: it alone runs the chaos timeline and the
 * alert verdicts.
 *
 * @param index   this shard, {@code 0 <= index < count}
 * @param count   how many shards share the plan, at least 1
 * @param startAt the instant of plan time 0, shared by every shard
 */
public record Shard(int index, int count, Instant startAt) {
    /** The furthest ahead a start may be planned. */
    public static final Duration MAX_AHEAD = Duration.ofHours(24);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count must be at least 1, was " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "the shard index must be in 0.." + (count - 1) + " for " + count + " shard(s), was " + index);
        }
        if (startAt == null) {
            throw new IllegalArgumentException("a shard needs the instant its plan starts (startAt)");
        }
    }

    /**
     * A shard from {@code K/N} text, as {@code --shard} takes it.
     *
     * @throws IllegalArgumentException when it is not {@code K/N} with {@code 0 <= K < N}
     */
    public static Shard parse(String text, Instant startAt) {
        String[] parts = text == null ? new String[0] : text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected K/N (e.g. 0/3), was \"" + text + "\"");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()), startAt);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected K/N with whole numbers (e.g. 0/3), was \"" + text + "\"");
        }
    }

    /** Whether this shard runs the chaos timeline and the alert verdicts. */
    public boolean leader() {
        return index == 0;
    }

    /**
     * Refuses a start too far from {@code now}: more than {@link #MAX_AHEAD} ahead, or so far back that the whole
     * plan ({@code planLength}) is already over.
     *
     * @throws IllegalArgumentException saying the bounds
     */
    public void checkStart(Instant now, Duration planLength) {
        if (startAt.isAfter(now.plus(MAX_AHEAD))) {
            throw new IllegalArgumentException(
                    "startAt " + startAt + " is more than " + MAX_AHEAD.toHours() + " h ahead of now (" + now + ")");
        }
        if (!startAt.isAfter(now.minus(planLength))) {
            throw new IllegalArgumentException("startAt " + startAt + " is so far back that the plan of "
                    + planLength.toSeconds() + " s is over; it must be after " + now.minus(planLength));
        }
    }
}
