package dev.chaoslab.simulator.alerts;

import dev.chaoslab.simulator.scenario.Anchor;

/** Anchors for hand-made expectations: {@code run}, {@code chaos[0]}, or a phase name. */
final class TestAnchors {

    private TestAnchors() {}

    static Anchor anchor(String ref) {
        if (ref.equals("run")) {
            return Anchor.RUN;
        }
        return ref.startsWith("chaos[") ? new Anchor(Anchor.Kind.CHAOS, 0, ref) : new Anchor(Anchor.Kind.PHASE, 0, ref);
    }
}
