/**
 * The fault model and the chaos engine. See {@link dev.chaoslab.chaos.FaultTypes} for the registry of fault types.
 *
 * <p>May depend on {@code dev.chaoslab.chaos.http}, Vert.x, Micrometer, the OpenTelemetry API and SLF4J; never on
 * the targets or the simulator.
 */
package dev.chaoslab.chaos;
