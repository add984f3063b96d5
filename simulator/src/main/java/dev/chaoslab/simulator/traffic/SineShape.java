package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sine wave around {@code mean}: {@code r(t) = mean + amplitude·sin(2πt/period)} (a diurnal cycle
 * compressed to minutes). The amplitude may not exceed the mean, since a rate cannot go negative.
 */
public record SineShape(double mean, double amplitude, Duration period) implements Shape {

    public SineShape {
        Shape.requireRate("mean", mean);
        if (!Double.isFinite(amplitude) || amplitude < 0 || amplitude > mean) {
            throw new IllegalArgumentException(
                    "amplitude must be between 0 and the mean " + mean + " requests/s (got " + amplitude + ")");
        }
        Shape.requirePositive("period", period);
    }

    @Override
    public String type() {
        return "sine";
    }

    @Override
    public RateFunction over(Duration phaseDuration) {
        double d = Shape.seconds(Shape.requirePositive("duration", phaseDuration));
        double p = Shape.seconds(period);
        double w = 2 * Math.PI / p;
        return new RateFunction() {
            @Override
            public double duration() {
                return d;
            }

            @Override
            public double rate(double t) {
                double c = Math.max(0, Math.min(d, t));
                return Math.max(0, mean + amplitude * Math.sin(w * c));
            }

            @Override
            public double count(double t) {
                double c = Math.max(0, Math.min(d, t));
                return mean * c + amplitude / w * (1 - Math.cos(w * c));
            }

            @Override
            public double maxRate() {
                return d >= p / 4 ? mean + amplitude : mean + amplitude * Math.sin(w * d);
            }
        };
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("mean", mean);
        m.put("amplitude", amplitude);
        m.put("period", period.toMillis() + "ms");
        return m;
    }
}
