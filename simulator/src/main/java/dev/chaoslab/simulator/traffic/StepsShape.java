package dev.chaoslab.simulator.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A staircase of constant rates. Either explicit {@link Step}s (each with its own duration; the last
 * one holds until the phase ends), or {@link #evenly(double, double, int)}: {@code count} equal steps
 * from {@code from} to {@code to} across the phase.
 */
public record StepsShape(List<Step> steps, Double from, Double to, Integer count) implements Shape {

    /** One stair: a rate held for a duration. */
    public record Step(double rate, Duration duration) {
        public Step {
            Shape.requireRate("steps[].rate", rate);
            Shape.requirePositive("steps[].duration", duration);
        }
    }

    /** The largest number of evenly spaced steps. */
    public static final int MAX_STEPS = 1000;

    public StepsShape {
        if (steps != null) {
            if (steps.isEmpty()) {
                throw new IllegalArgumentException("steps must list at least one {rate, duration}");
            }
            if (steps.size() > MAX_STEPS) {
                throw new IllegalArgumentException(
                        "steps must have at most " + MAX_STEPS + " entries (got " + steps.size() + ")");
            }
            steps = List.copyOf(steps);
            if (from != null || to != null || count != null) {
                throw new IllegalArgumentException("give either a steps list or from/to/count, not both");
            }
        } else {
            if (from == null || to == null || count == null) {
                throw new IllegalArgumentException(
                        "steps needs either a list of {rate, duration} or all of from, to and count");
            }
            Shape.requireRate("from", from);
            Shape.requireRate("to", to);
            if (count < 1 || count > MAX_STEPS) {
                throw new IllegalArgumentException("count must be between 1 and " + MAX_STEPS + " (got " + count + ")");
            }
        }
    }

    public static StepsShape of(List<Step> steps) {
        return new StepsShape(steps, null, null, null);
    }

    public static StepsShape evenly(double from, double to, int count) {
        return new StepsShape(null, from, to, count);
    }

    @Override
    public String type() {
        return "steps";
    }

    @Override
    public RateFunction over(Duration phaseDuration) {
        double d = Shape.seconds(Shape.requirePositive("duration", phaseDuration));
        List<double[]> pieces = new ArrayList<>();
        if (steps != null) {
            double t = 0;
            for (Step s : steps) {
                double len = Shape.seconds(s.duration());
                if (t + len > d + 1e-9) {
                    throw new IllegalArgumentException("the steps last " + fmt(total(steps))
                            + " but the phase lasts only " + fmt(d) + "s; shorten the steps or lengthen the phase");
                }
                pieces.add(new double[] {t, t + len, s.rate(), s.rate()});
                t += len;
            }
            if (t < d) {
                double last = steps.get(steps.size() - 1).rate();
                pieces.add(new double[] {t, d, last, last});
            }
        } else {
            double len = d / count;
            for (int i = 0; i < count; i++) {
                double r = count == 1 ? from : from + (to - from) * i / (count - 1);
                pieces.add(new double[] {i * len, i == count - 1 ? d : (i + 1) * len, r, r});
            }
        }
        return new PiecewiseLinearRate(pieces.toArray(new double[0][]));
    }

    private static double total(List<Step> steps) {
        return steps.stream().mapToDouble(s -> Shape.seconds(s.duration())).sum();
    }

    private static String fmt(double seconds) {
        return (seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds)) + "s";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type());
        if (steps != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Step s : steps) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("rate", s.rate());
                e.put("duration", s.duration().toMillis() + "ms");
                list.add(e);
            }
            m.put("steps", list);
        } else {
            m.put("from", from);
            m.put("to", to);
            m.put("count", count);
        }
        return m;
    }
}
