package dev.chaoslab.simulator.result;

import java.util.Locale;
import java.util.Optional;

/** The {@code state} of a run in its status and report. */
public enum RunState {
    RUNNING,
    COMPLETED,
    STOPPED,
    FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != RUNNING;
    }

    /** The state whose {@link #key()} is {@code key}, or empty when none is. */
    public static Optional<RunState> ofKey(String key) {
        for (RunState state : values()) {
            if (state.key().equals(key)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
