/**
 * The picocli commands ({@code run}, {@code validate}, {@code serve}, {@code demo}), their flags, the
 * progress line and the end-of-run summary. The top layer: may use every simulator package, the targets (for
 * {@code demo} only) and telemetry; only the entry point depends on it.
 */
package dev.chaoslab.simulator.cli;
