package dev.chaoslab.simulator.scenario;

import java.util.List;

/**
 * A kind of request in the mix: picked with probability {@code weight / Σ weights} at each arrival.
 * A plain request has one step; a journey has several, run in order, where later steps may use
 * values of earlier responses ({@code ${steps.create.body.id}}). A journey stops at the first step that
 * fails (no response or a status ≥ 400): later steps would only fail for the wrong reason.
 *
 * @param name   the {@code request} label of metrics and the key of thresholds
 * @param weight relative weight, {@code > 0}
 * @param steps  one step for a plain request, several for a journey
 */
public record RequestSpec(String name, double weight, List<RequestStep> steps) {

    public RequestSpec {
        steps = List.copyOf(steps);
    }

    /** Whether this is a journey of several dependent steps. */
    public boolean isJourney() {
        return steps.size() > 1;
    }
}
