package dev.chaoslab.simulator.traffic;

import java.util.Arrays;

/**
 * A rate made of linear pieces (constant, ramp, steps and spike are all of this kind), with the count
 * and its inverse in closed form. Knots are {@code (t[i], rateAfter[i])..(t[i+1], rateBefore[i+1])}, so
 * steps can jump.
 */
final class PiecewiseLinearRate implements RateFunction {
    private final double[] start;
    private final double[] end;
    private final double[] r0;
    private final double[] r1;
    private final double[] prefix;
    private final double duration;
    private final double max;

    /** Pieces as {@code {startSec, endSec, rateAtStart, rateAtEnd}}, contiguous from 0. */
    PiecewiseLinearRate(double[][] pieces) {
        int n = pieces.length;
        start = new double[n];
        end = new double[n];
        r0 = new double[n];
        r1 = new double[n];
        prefix = new double[n + 1];
        double m = 0;
        for (int i = 0; i < n; i++) {
            start[i] = pieces[i][0];
            end[i] = pieces[i][1];
            r0[i] = pieces[i][2];
            r1[i] = pieces[i][3];
            prefix[i + 1] = prefix[i] + (end[i] - start[i]) * (r0[i] + r1[i]) / 2;
            m = Math.max(m, Math.max(r0[i], r1[i]));
        }
        duration = n == 0 ? 0 : end[n - 1];
        max = m;
    }

    static PiecewiseLinearRate constant(double rate, double duration) {
        return new PiecewiseLinearRate(new double[][] {{0, duration, rate, rate}});
    }

    @Override
    public double duration() {
        return duration;
    }

    @Override
    public double maxRate() {
        return max;
    }

    private int piece(double t) {
        int i = Arrays.binarySearch(start, t);
        if (i < 0) {
            i = -i - 2;
        }
        return Math.max(0, Math.min(start.length - 1, i));
    }

    @Override
    public double rate(double t) {
        double c = Math.max(0, Math.min(duration, t));
        int i = piece(c);
        double len = end[i] - start[i];
        return len <= 0 ? r0[i] : r0[i] + (r1[i] - r0[i]) * (c - start[i]) / len;
    }

    @Override
    public double count(double t) {
        double c = Math.max(0, Math.min(duration, t));
        int i = piece(c);
        double x = c - start[i];
        double len = end[i] - start[i];
        double slope = len <= 0 ? 0 : (r1[i] - r0[i]) / len;
        return prefix[i] + r0[i] * x + slope * x * x / 2;
    }

    @Override
    public double inverseCountAfter(double from, double target) {
        return Math.max(Math.min(from, duration), inverseCount(target));
    }

    @Override
    public double inverseCount(double target) {
        if (target <= 0) {
            return 0;
        }
        if (target > prefix[prefix.length - 1]) {
            return duration;
        }
        int i = Arrays.binarySearch(prefix, target);
        // the piece whose cumulative range contains target: prefix[i] < target <= prefix[i+1]
        i = i >= 0 ? i - 1 : -i - 2;
        i = Math.max(0, Math.min(start.length - 1, i));
        while (i < start.length - 1 && prefix[i + 1] < target) {
            i++;
        }
        double rem = target - prefix[i];
        double len = end[i] - start[i];
        double slope = len <= 0 ? 0 : (r1[i] - r0[i]) / len;
        // slope/2·x² + r0·x = rem, in the form that stays stable when slope → 0 or r0 → 0
        double disc = Math.max(0, r0[i] * r0[i] + 2 * slope * rem);
        double denom = r0[i] + Math.sqrt(disc);
        double x = denom > 0 ? 2 * rem / denom : 0;
        return Math.min(end[i], start[i] + x);
    }
}
