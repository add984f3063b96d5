package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A linear ramp from {@code from} to {@code to} requests per second over the whole phase. */
public record RampShape(double from, double to) implements Shape {

    public RampShape {
        Shape.requireRate("from", from);
        Shape.requireRate("to", to);
    }

    @Override
    public String type() {
        return "ramp";
    }

    @Override
    public RateFunction over(Duration phaseDuration) {
        double d = Shape.seconds(Shape.requirePositive("duration", phaseDuration));
        return new PiecewiseLinearRate(new double[][] {{0, d, from, to}});
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("from", from);
        m.put("to", to);
        return m;
    }
}
