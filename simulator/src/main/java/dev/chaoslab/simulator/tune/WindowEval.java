package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.RecordedCounter;
import dev.chaoslab.simulator.result.RecordedRule.RecordedSeries;
import dev.chaoslab.simulator.tune.WindowExpr.Binary;
import dev.chaoslab.simulator.tune.WindowExpr.Node;
import dev.chaoslab.simulator.tune.WindowExpr.Num;
import dev.chaoslab.simulator.tune.WindowExpr.Rate;
import dev.chaoslab.simulator.tune.WindowExpr.Sum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Evaluates a {@link WindowExpr} at evaluation times {@code startMs + k * stepMs} over recorded counters, as
 * Prometheus evaluates it: {@code rate()} per series ({@link ExtrapolatedRate}) without {@code __name__}, {@code sum}
 * over the series present at each time, one-to-one vector matching on all labels but {@code __name__} (or the
 * {@code on}/{@code ignoring} labels; with {@code on} the result keeps only those), {@code or} adding the right
 * side's series whose match labels no left series has at that time. A series absent at a time is NaN there.
 */
final class WindowEval {

    /** A value over the evaluation times: a scalar, or series by label set (NaN where absent). */
    private record Value(double[] scalar, Map<Map<String, String>, double[]> vector) {}

    private final Function<String, RecordedCounter> counters;
    private final long startMs;
    private final long stepMs;
    private final int steps;

    /**
     * @param counters the recorded counter of a selector ({@link RecordedCounter#selector()} spelling); null when
     *                 the recording has none
     */
    WindowEval(Function<String, RecordedCounter> counters, long startMs, long stepMs, int steps) {
        this.counters = counters;
        this.startMs = startMs;
        this.stepMs = stepMs;
        this.steps = steps;
    }

    /**
     * The series of {@code n} (label sets without {@code __name__}), NaN where absent.
     *
     * @throws WindowFixedException when a counter it reads was not recorded, or the result is a scalar
     */
    Map<Map<String, String>, double[]> series(Node n) {
        Value v = eval(n);
        if (v.vector() == null) {
            throw new WindowFixedException("the side is a number, not a series");
        }
        return v.vector();
    }

    private Value eval(Node n) {
        if (n instanceof Num x) {
            double[] s = new double[steps];
            Arrays.fill(s, x.value());
            return new Value(s, null);
        }
        if (n instanceof Rate r) {
            return new Value(null, rate(r));
        }
        if (n instanceof Sum s) {
            return new Value(null, sum(s, eval(s.arg())));
        }
        Binary b = (Binary) n;
        return binary(b, eval(b.left()), eval(b.right()));
    }

    private Map<Map<String, String>, double[]> rate(Rate r) {
        RecordedCounter counter = counters.apply(r.selector());
        if (counter == null) {
            throw new WindowFixedException("the counters of `" + r.selector() + "` were not recorded");
        }
        if (counter.skipped() != null) {
            throw new WindowFixedException(
                    "the counters of `" + r.selector() + "` were not recorded: " + counter.skipped());
        }
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
        for (RecordedSeries s : counter.series()) {
            long[] times = new long[s.values().size()];
            double[] values = new double[times.length];
            for (int i = 0; i < times.length; i++) {
                times[i] = s.startMs() + i * s.stepMs();
                Double v = s.values().get(i);
                values[i] = v == null ? Double.NaN : v;
            }
            double[] rates = new double[steps];
            for (int k = 0; k < steps; k++) {
                rates[k] = ExtrapolatedRate.at(times, values, startMs + k * stepMs, r.rangeMs(), r.perSecond());
            }
            out.merge(withoutName(s.labels()), rates, WindowEval::firstPresent);
        }
        return out;
    }

    private Map<Map<String, String>, double[]> sum(Sum s, Value arg) {
        if (arg.vector() == null) {
            throw new WindowFixedException("expression shape sum of a number not re-windowable");
        }
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<Map<String, String>, double[]> e : arg.vector().entrySet()) {
            Map<String, String> key = new TreeMap<>();
            for (Map.Entry<String, String> l : e.getKey().entrySet()) {
                boolean listed = s.labels().contains(l.getKey());
                if (!l.getKey().equals("__name__") && listed != s.without()) {
                    key.put(l.getKey(), l.getValue());
                }
            }
            double[] acc = out.computeIfAbsent(key, k -> nan());
            double[] v = e.getValue();
            for (int k = 0; k < steps; k++) {
                if (!Double.isNaN(v[k])) {
                    acc[k] = Double.isNaN(acc[k]) ? v[k] : acc[k] + v[k];
                }
            }
        }
        return out;
    }

    private Value binary(Binary b, Value l, Value r) {
        if (b.op().equals("or")) {
            if (l.vector() == null || r.vector() == null) {
                throw new WindowFixedException("expression shape `or` with a number not re-windowable");
            }
            return new Value(null, or(b, l.vector(), r.vector()));
        }
        if (l.vector() == null && r.vector() == null) {
            double[] out = new double[steps];
            for (int k = 0; k < steps; k++) {
                out[k] = apply(b.op(), l.scalar()[k], r.scalar()[k]);
            }
            return new Value(out, null);
        }
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
        if (l.vector() == null || r.vector() == null) {
            boolean scalarLeft = l.vector() == null;
            Map<Map<String, String>, double[]> vector = scalarLeft ? r.vector() : l.vector();
            double[] scalar = scalarLeft ? l.scalar() : r.scalar();
            vector.forEach((labels, v) -> {
                double[] o = nan();
                for (int k = 0; k < steps; k++) {
                    if (!Double.isNaN(v[k])) {
                        o[k] = scalarLeft ? apply(b.op(), scalar[k], v[k]) : apply(b.op(), v[k], scalar[k]);
                    }
                }
                out.merge(withoutName(labels), o, WindowEval::firstPresent);
            });
            return new Value(null, out);
        }
        Map<Map<String, String>, Map<String, String>> rightBySignature = new HashMap<>();
        Map<Map<String, String>, double[]> right = new HashMap<>();
        r.vector().forEach((labels, v) -> {
            Map<String, String> sig = signature(b, labels);
            if (right.containsKey(sig)) {
                throw new WindowFixedException(
                        "expression shape many-to-many matching of `" + b.op() + "` not re-windowable");
            }
            right.put(sig, v);
            rightBySignature.put(sig, labels);
        });
        l.vector().forEach((labels, lv) -> {
            Map<String, String> sig = signature(b, labels);
            double[] rv = right.get(sig);
            if (rv == null) {
                return;
            }
            double[] o = nan();
            for (int k = 0; k < steps; k++) {
                if (!Double.isNaN(lv[k]) && !Double.isNaN(rv[k])) {
                    o[k] = apply(b.op(), lv[k], rv[k]);
                }
            }
            Map<String, String> result = b.on() != null && !b.ignoring() ? sig : withoutName(labels);
            if (b.on() != null && b.ignoring()) {
                result = new TreeMap<>(result);
                result.keySet().removeAll(b.on());
            }
            out.merge(result, o, WindowEval::firstPresent);
        });
        return new Value(null, out);
    }

    private Map<Map<String, String>, double[]> or(
            Binary b, Map<Map<String, String>, double[]> l, Map<Map<String, String>, double[]> r) {
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>(l);
        Map<Map<String, String>, List<double[]>> leftBySignature = new HashMap<>();
        l.forEach((labels, v) -> leftBySignature
                .computeIfAbsent(signature(b, labels), s -> new ArrayList<>())
                .add(v));
        r.forEach((labels, rv) -> {
            List<double[]> lefts = leftBySignature.getOrDefault(signature(b, labels), List.of());
            double[] o = nan();
            for (int k = 0; k < steps; k++) {
                boolean taken = false;
                for (double[] lv : lefts) {
                    taken |= !Double.isNaN(lv[k]);
                }
                if (!taken) {
                    o[k] = rv[k];
                }
            }
            out.merge(labels, o, WindowEval::firstPresent);
        });
        return out;
    }

    /** The labels a series is matched on: the {@code on} labels, or all but {@code __name__} and the ignored ones. */
    private static Map<String, String> signature(Binary b, Map<String, String> labels) {
        Map<String, String> sig = new TreeMap<>();
        for (Map.Entry<String, String> l : labels.entrySet()) {
            boolean listed = b.on() != null && b.on().contains(l.getKey());
            boolean keep = b.on() == null || b.ignoring() ? !listed : listed;
            if (keep && !l.getKey().equals("__name__")) {
                sig.put(l.getKey(), l.getValue());
            }
        }
        return sig;
    }

    private static double apply(String op, double a, double b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> a / b;
            default -> throw new WindowFixedException("the operator `" + op + "` not re-windowable");
        };
    }

    private double[] nan() {
        double[] out = new double[steps];
        Arrays.fill(out, Double.NaN);
        return out;
    }

    /** Two series that end up with the same labels: the first's value where it has one, else the second's. */
    private static double[] firstPresent(double[] a, double[] b) {
        double[] out = a.clone();
        for (int k = 0; k < out.length; k++) {
            if (Double.isNaN(out[k])) {
                out[k] = b[k];
            }
        }
        return out;
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        out.remove("__name__");
        return out;
    }
}
