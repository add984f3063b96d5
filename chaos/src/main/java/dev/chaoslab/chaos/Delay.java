package dev.chaoslab.chaos;

import dev.chaoslab.chaos.http.JsonFields;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A delay distribution. Samples are in milliseconds; a sample never exceeds the latency ceiling (a heavy
 * log-normal tail is cut there) and never goes below 0 (a normal distribution's left tail is cut at 0).
 */
public sealed interface Delay {

    /** Parameter limits that are not the ceiling: beyond them a distribution is not what anyone means. */
    double MAX_SIGMA = 4.0;

    /** The field that names the distribution. */
    String DISTRIBUTION = "distribution";

    /** The distributions by name, each with its parameters (all required), in the order the docs list them. */
    Map<String, List<String>> PARAMETERS = parameters();

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("fixed", List.of("ms"));
        m.put("uniform", List.of("minMs", "maxMs"));
        m.put("normal", List.of("meanMs", "stdDevMs"));
        m.put("lognormal", List.of("medianMs", "sigma"));
        return Collections.unmodifiableMap(m);
    }

    /** Every field a delay object may have: {@code distribution} and every distribution's parameters. */
    static List<String> fields() {
        List<String> all = new ArrayList<>(List.of(DISTRIBUTION));
        PARAMETERS.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    double sample(Random random);

    JsonObject toJson();

    record Fixed(double ms) implements Delay {
        public double sample(Random random) {
            return ms;
        }

        public JsonObject toJson() {
            return new JsonObject().put("distribution", "fixed").put("ms", ms);
        }
    }

    record Uniform(double minMs, double maxMs) implements Delay {
        public double sample(Random random) {
            return minMs + random.nextDouble() * (maxMs - minMs);
        }

        public JsonObject toJson() {
            return new JsonObject()
                    .put("distribution", "uniform")
                    .put("minMs", minMs)
                    .put("maxMs", maxMs);
        }
    }

    record Normal(double meanMs, double stdDevMs) implements Delay {
        public double sample(Random random) {
            return Math.max(0, meanMs + stdDevMs * random.nextGaussian());
        }

        public JsonObject toJson() {
            return new JsonObject()
                    .put("distribution", "normal")
                    .put("meanMs", meanMs)
                    .put("stdDevMs", stdDevMs);
        }
    }

    /** Log-normal with the given median ({@code e^mu}) and shape {@code sigma}: tail-heavy, as real latencies are. */
    record LogNormal(double medianMs, double sigma) implements Delay {
        public double sample(Random random) {
            return medianMs * Math.exp(sigma * random.nextGaussian());
        }

        public JsonObject toJson() {
            return new JsonObject()
                    .put("distribution", "lognormal")
                    .put("medianMs", medianMs)
                    .put("sigma", sigma);
        }
    }

    /** Samples and cuts at the ceiling. */
    static double sampleWithin(Delay delay, Random random, long ceilingMs) {
        return Math.min(ceilingMs, Math.max(0, delay.sample(random)));
    }

    private static Set<String> known(String distribution) {
        Set<String> known = new HashSet<>(PARAMETERS.get(distribution));
        known.add(DISTRIBUTION);
        return known;
    }

    /** Reads a delay object ({@code fields} is positioned on it); records problems and returns null when bad. */
    static Delay parse(JsonFields f, long ceilingMs) {
        String ceiling = "the latency ceiling; set CHAOS_MAX_LATENCY_MS to raise it";
        String distribution = f.string("distribution", true, 32);
        if (distribution == null) {
            return null;
        }
        int before = f.problems().list().size();
        Delay delay = switch (distribution) {
            case "fixed" -> {
                f.onlyKnown(known(distribution));
                Double ms = f.number("ms", true, 0, ceilingMs, ceiling);
                yield ms == null ? null : new Fixed(ms);
            }
            case "uniform" -> {
                f.onlyKnown(known(distribution));
                Double min = f.number("minMs", true, 0, ceilingMs, ceiling);
                Double max = f.number("maxMs", true, 0, ceilingMs, ceiling);
                if (min != null && max != null && min > max) {
                    f.problems().add(f.path("maxMs"), "must be ≥ minMs (" + min + ")");
                    yield null;
                }
                yield min == null || max == null ? null : new Uniform(min, max);
            }
            case "normal" -> {
                f.onlyKnown(known(distribution));
                Double mean = f.number("meanMs", true, 0, ceilingMs, ceiling);
                Double sd = f.number("stdDevMs", true, 0, ceilingMs, ceiling);
                yield mean == null || sd == null ? null : new Normal(mean, sd);
            }
            case "lognormal" -> {
                f.onlyKnown(known(distribution));
                Double median = f.number("medianMs", true, 0, ceilingMs, ceiling);
                Double sigma = f.number(
                        "sigma", true, 0, MAX_SIGMA, "a larger sigma puts most of the mass at 0 or the ceiling");
                yield median == null || sigma == null ? null : new LogNormal(median, sigma);
            }
            default -> {
                f.problems()
                        .add(
                                f.path("distribution"),
                                "must be one of " + String.join(", ", PARAMETERS.keySet()) + ", not '" + distribution
                                        + "'");
                yield null;
            }
        };
        return f.problems().list().size() > before ? null : delay;
    }
}
