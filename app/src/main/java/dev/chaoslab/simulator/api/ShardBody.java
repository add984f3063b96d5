package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.run.RunOptions;
import dev.chaoslab.simulator.run.Shard;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The run options of a {@code POST /runs} body: {@code rateMultiplier}, {@code seed}, and for a sharded run
 * {@code shard: {index, count}} with {@code startAt}; every malformation a 400 naming the field.
 */
final class ShardBody {
    /**
     * How far ahead a start may be over REST: the answer comes once traffic starts, so a later start would hold the
     * request open (the CLI's {@code run --start-at} waits up to 24 h).
     */
    static final Duration MAX_AHEAD = Duration.ofSeconds(60);

    private ShardBody() {}

    /** The options the body asks for, with {@code multiplier} (already checked) as the dial's start. */
    static RunOptions options(JsonObject body, Double multiplier) {
        RunOptions options = multiplier == null
                ? RunOptions.defaults()
                : RunOptions.defaults().withRateMultiplier(multiplier);
        Double seed = RequestBodies.number(body, "seed");
        if (seed != null) {
            if (seed != Math.rint(seed) || Math.abs(seed) > 9.007199254740992E15) {
                throw ApiError.badRequest(
                        "invalid_request", "'seed' must be a whole number of at most 2^53 in size, was " + seed + ".");
            }
            options = options.withSeed(seed.longValue());
        }
        Object shard = RequestBodies.any(body, "shard");
        String startAt = RequestBodies.string(body, "startAt");
        if (shard == null && startAt == null) {
            return options;
        }
        if (!(shard instanceof JsonObject stripe)) {
            throw ApiError.badRequest(
                    "invalid_request",
                    shard == null
                            ? "'startAt' is only for a sharded run: add \"shard\": {\"index\": K, \"count\": N}."
                            : "'shard' must be an object {\"index\": K, \"count\": N}.");
        }
        if (startAt == null || seed == null) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "A sharded run needs 'startAt' (the ISO-8601 instant of plan time 0) and 'seed', the same for"
                            + " every shard.");
        }
        Instant start;
        try {
            start = Instant.parse(startAt);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(
                    "invalid_request", "'startAt' must be an ISO-8601 instant such as 2026-01-01T12:00:00Z.");
        }
        if (start.isAfter(Instant.now().plus(MAX_AHEAD))) {
            throw ApiError.badRequest(
                    "invalid_request",
                    "'startAt' may be at most " + MAX_AHEAD.toSeconds() + " s ahead over REST (the answer comes when"
                            + " traffic starts); start a later shard with the CLI's run --start-at.");
        }
        Double index = RequestBodies.number(stripe, "index");
        Double count = RequestBodies.number(stripe, "count");
        if (index == null || count == null || index != Math.rint(index) || count != Math.rint(count)) {
            throw ApiError.badRequest("invalid_request", "'shard' needs whole numbers 'index' and 'count'.");
        }
        try {
            return options.withShard(new Shard(index.intValue(), count.intValue(), start));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("invalid_request", "'shard': " + e.getMessage());
        }
    }
}
