package dev.chaoslab.simulator.run;

/**
 * A turn of the rate dial: a multiplier of the scenario's planned rate, an absolute rate (requests/s) that
 * replaces the plan until changed again, or neither (back to the plan).
 */
public record RateChange(Double multiplier, Double absolute) {
    public RateChange {
        if (multiplier != null && absolute != null) {
            throw new IllegalArgumentException("give either a multiplier or an absolute rate, not both");
        }
        if (multiplier != null && (!Double.isFinite(multiplier) || multiplier < 0)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 0, was " + multiplier);
        }
        if (absolute != null && (!Double.isFinite(absolute) || absolute < 0)) {
            throw new IllegalArgumentException(
                    "absolute rate must be a finite number >= 0 requests/s, was " + absolute);
        }
    }

    public static RateChange multiplier(double multiplier) {
        return new RateChange(multiplier, null);
    }

    public static RateChange absolute(double requestsPerSecond) {
        return new RateChange(null, requestsPerSecond);
    }

    /** Back to the scenario's planned rate. */
    public static RateChange plan() {
        return new RateChange(null, null);
    }
}
