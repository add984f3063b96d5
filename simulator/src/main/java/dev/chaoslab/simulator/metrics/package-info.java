/**
 * The simulator's own metrics (names as in {@code docs/contracts.md}) and the run's structured log fields.
 * May use telemetry and Micrometer; depends on no other simulator package.
 */
package dev.chaoslab.simulator.metrics;
