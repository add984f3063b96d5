/**
 * The engine: a run's state machine, its lanes, statistics and the manager that starts and keeps runs.
 * May use {@code scenario}, {@code traffic}, {@code load}, {@code chaos}, {@code metrics}, the typed results and
 * the alert-check interface; never {@code cli}, {@code api} or {@code report}, and it formats no text for
 * humans.
 */
package dev.chaoslab.simulator.run;
