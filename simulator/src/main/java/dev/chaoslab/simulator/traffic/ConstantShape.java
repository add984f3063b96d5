package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A constant rate in requests per second. */
public record ConstantShape(double rate) implements Shape {

    public ConstantShape {
        Shape.requireRate("rate", rate);
    }

    @Override
    public String type() {
        return "constant";
    }

    @Override
    public RateFunction over(Duration phaseDuration) {
        return PiecewiseLinearRate.constant(rate, Shape.seconds(Shape.requirePositive("duration", phaseDuration)));
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        m.put("rate", rate);
        return m;
    }
}
