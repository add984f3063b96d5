package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code base} rate with one spike to {@code peak}: the spike starts {@code at} from the phase start
 * and lasts {@code duration}, with short linear edges of {@code edge} inside that window (default: a
 * tenth of the spike, at most one second) so the jump is steep but not a single instant.
 */
public record SpikeShape(double base, double peak, Duration at, Duration duration, Duration edge) implements Shape {

    /** The longest default edge. */
    public static final Duration MAX_DEFAULT_EDGE = Duration.ofSeconds(1);

    public SpikeShape {
        Shape.requireRate("base", base);
        Shape.requireRate("peak", peak);
        if (at == null || at.isNegative()) {
            throw new IllegalArgumentException("at must be >= 0 (got " + at + ")");
        }
        Shape.requirePositive("duration", duration);
        if (edge == null) {
            Duration tenth = duration.dividedBy(10);
            edge = tenth.compareTo(MAX_DEFAULT_EDGE) < 0 ? tenth : MAX_DEFAULT_EDGE;
        }
        if (edge.isNegative() || edge.multipliedBy(2).compareTo(duration) > 0) {
            throw new IllegalArgumentException("edge must be between 0 and half the spike duration "
                    + duration.dividedBy(2).toMillis() + "ms (got " + edge.toMillis() + "ms)");
        }
    }

    public SpikeShape(double base, double peak, Duration at, Duration duration) {
        this(base, peak, at, duration, null);
    }

    @Override
    public String type() {
        return "spike";
    }

    @Override
    public RateFunction over(Duration phaseDuration) {
        double d = Shape.seconds(Shape.requirePositive("duration", phaseDuration));
        double a = Shape.seconds(at);
        double len = Shape.seconds(duration);
        double e = Shape.seconds(edge);
        if (a + len > d + 1e-9) {
            throw new IllegalArgumentException("the spike ends at "
                    + (at.plus(duration).toMillis()) + "ms but the phase lasts only " + phaseDuration.toMillis()
                    + "ms; move 'at' earlier, shorten the spike or lengthen the phase");
        }
        double end = Math.min(d, a + len);
        return new PiecewiseLinearRate(new double[][] {
            {0, a, base, base},
            {a, a + e, base, peak},
            {a + e, end - e, peak, peak},
            {end - e, end, peak, base},
            {end, d, base, base}
        });
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("base", base);
        m.put("peak", peak);
        m.put("at", at.toMillis() + "ms");
        m.put("duration", duration.toMillis() + "ms");
        m.put("edge", edge.toMillis() + "ms");
        return m;
    }
}
