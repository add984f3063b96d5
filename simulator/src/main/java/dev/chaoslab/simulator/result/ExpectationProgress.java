package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.scenario.Expectation;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One alert expectation as it stands while its run goes (a live status's {@code expectationProgress} entry): what
 * the alert has done so far in the window the expectation refers to. The verdict comes in the report, after the run.
 *
 * @param index        the expectation's position in the scenario's {@code expect} list
 * @param labels       label name → value the alert must carry, sorted by name
 * @param reference    the window it refers to: {@code chaos[0]}, {@code phase:baseline} or {@code run}
 * @param withinMs     the limit for fires, resolves and notifies; null otherwise
 * @param sinceMs      when the state began, ms from the run start; null for {@link State#WAITING} and
 *                     {@link State#QUIET}
 * @param timeToFireMs when the alert fired, ms from the window's start (negative: before it); null while it has not
 */
public record ExpectationProgress(
        int index,
        String alert,
        Map<String, String> labels,
        Expectation.Kind kind,
        String reference,
        Long withinMs,
        State state,
        Long sinceMs,
        Long timeToFireMs) {

    public ExpectationProgress {
        if (alert == null || kind == null || state == null) {
            throw new IllegalArgumentException("an expectation's progress needs an alert, a kind and a state");
        }
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Where an expectation stands so far. */
    public enum State {
        /** The window has not begun: its fault is not applied yet, its phase not started. */
        WAITING,
        /** The window is under way and the alert is neither pending nor firing. */
        QUIET,
        /** The alert is pending (its condition holds, its {@code for:} not yet over). */
        PENDING,
        /** The alert is firing: a fires expectation met, a resolves one waiting for it to stop. */
        FIRING,
        /** The alert fired and has stopped firing since. */
        RESOLVED,
        /** A silent expectation's window ended without the alert firing. */
        PASSED,
        /** Decided already against it: a silent alert fired in its window, an alert fired or resolved too late. */
        FAILED,
        /** The limit passed without the alert firing (fires) or stopping (resolves). */
        MISSED;

        /** The status's key: {@code waiting}, {@code quiet}, ..., {@code missed}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state whose {@link #key()} is {@code key}, or empty. */
        public static Optional<State> ofKey(String key) {
            for (State s : values()) {
                if (s.key().equals(key)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }
}
