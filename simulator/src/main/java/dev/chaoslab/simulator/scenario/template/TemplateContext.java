package dev.chaoslab.simulator.scenario.template;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * What a template draws its values from while rendering one request (or one journey): a random source,
 * the run's sequence counter and, in a journey, the results of the steps that already ran.
 *
 * <p>Not thread-safe: create one per request or journey (it is cheap). The {@code seq} counter is
 * shared by the run and is atomic.
 */
public final class TemplateContext {
    private final RandomGenerator random;
    private final AtomicLong seq;
    private Map<String, StepResult> steps;

    /** The outcome of a journey step: its HTTP status and its parsed JSON body (Vert.x JsonObject/JsonArray, Map/List, scalars, or null). */
    public record StepResult(int status, Object body) {}

    public TemplateContext(RandomGenerator random, AtomicLong seq) {
        this.random = random;
        this.seq = seq;
    }

    public RandomGenerator random() {
        return random;
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    /** Records a finished journey step so later steps can use {@code ${steps.<name>.…}}. */
    public TemplateContext record(String step, int status, Object body) {
        if (steps == null) {
            steps = new HashMap<>(4);
        }
        steps.put(step, new StepResult(status, body));
        return this;
    }

    StepResult step(String name) {
        return steps == null ? null : steps.get(name);
    }
}
