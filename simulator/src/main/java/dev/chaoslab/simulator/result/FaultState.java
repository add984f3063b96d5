package dev.chaoslab.simulator.result;

import java.util.Locale;
import java.util.Optional;

/** Where a chaos step is: not applied yet, applied, removed, refused (or unanswered), or never applied. */
public enum FaultState {
    PENDING,
    ACTIVE,
    CLEARED,
    FAILED,
    SKIPPED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the fault was injected at some point (its window shows on charts). */
    public boolean injected() {
        return this == ACTIVE || this == CLEARED;
    }

    /** The state whose {@link #key()} is {@code key}, or empty when none is. */
    public static Optional<FaultState> ofKey(String key) {
        for (FaultState state : values()) {
            if (state.key().equals(key)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
