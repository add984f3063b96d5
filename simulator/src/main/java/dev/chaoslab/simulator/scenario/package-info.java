/**
 * The scenario model (phases, request mix and journeys, chaos steps, thresholds, expectations) and its YAML
 * loader, which reports every problem with file, line, column and field. May use {@code traffic},
 * {@code scenario.template} and the chaos fault model; never {@code run}, {@code load}, {@code cli} or
 * {@code api}.
 */
package dev.chaoslab.simulator.scenario;
