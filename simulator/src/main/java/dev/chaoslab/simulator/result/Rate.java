package dev.chaoslab.simulator.result;

/**
 * The rate of a run (requests/s): scheduled now, achieved over the last second, and the dial.
 *
 * @param multiplier the dial's multiplier of the planned rate (1 when untouched)
 * @param absolute   the absolute rate that replaces the plan, or null when the plan holds
 */
public record Rate(double scheduled, double achieved, double multiplier, Double absolute) {

    /** This rate with the dial set to {@code multiplier} or {@code absolute}. */
    public Rate withDial(double multiplier, Double absolute) {
        return new Rate(scheduled, achieved, multiplier, absolute);
    }
}
