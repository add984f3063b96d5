package dev.chaoslab.simulator.alerts;

/** A named span of a run in ms offsets from the run start, [startMs, endMs). */
public record Window(String name, long startMs, long endMs) {

    public Window {
        if (endMs < startMs) {
            throw new IllegalArgumentException(
                    "window " + name + " ends (" + endMs + " ms) before it starts (" + startMs + " ms)");
        }
    }

    public boolean contains(long tMs) {
        return tMs >= startMs && tMs < endMs;
    }
}
