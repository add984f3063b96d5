package dev.chaoslab.simulator.scenario;

/**
 * What an expectation's time window refers to: a chaos step, a phase, or the whole run.
 *
 * @param kind  which of the three
 * @param index the chaos step's or phase's index ({@code -1} for the run)
 * @param name  the chaos step's label or the phase name ({@code run} for the run)
 */
public record Anchor(Kind kind, int index, String name) {

    public enum Kind {
        CHAOS,
        PHASE,
        RUN
    }

    public static final Anchor RUN = new Anchor(Kind.RUN, -1, "run");

    /** The window as offsets from the run start, given the scenario. */
    public Window window(Scenario scenario) {
        return switch (kind) {
            case RUN -> new Window(java.time.Duration.ZERO, scenario.totalDuration());
            case PHASE ->
                new Window(
                        scenario.phaseStart(index),
                        scenario.phaseStart(index)
                                .plus(scenario.phases().get(index).duration()));
            case CHAOS ->
                new Window(
                        scenario.chaos().get(index).at(),
                        scenario.chaos().get(index).end());
        };
    }

    /** A time window as offsets from the run start. */
    public record Window(java.time.Duration start, java.time.Duration end) {}

    @Override
    public String toString() {
        return switch (kind) {
            case RUN -> "run";
            case PHASE -> "phase:" + name;
            case CHAOS -> "chaos[" + index + "]" + (name.equals("chaos[" + index + "]") ? "" : " (" + name + ")");
        };
    }
}
