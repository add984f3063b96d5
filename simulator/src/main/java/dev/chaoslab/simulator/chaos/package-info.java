/**
 * The chaos timeline of a run: the client of a target's {@code /chaos/faults} API and the schedule that
 * applies and removes a scenario's faults. May use {@code metrics} and the chaos fault model; never
 * {@code run}, {@code cli}, {@code api} or {@code report}.
 */
package dev.chaoslab.simulator.chaos;
