/**
 * What-if replay of recorded runs ({@code chaoslab tune}): Prometheus' alerting state machine evaluated offline
 * over the series a run recorded ({@link dev.chaoslab.simulator.result.Recording}), rule variants scored against
 * the injected faults, their Pareto front and a recommendation, the rule as a YAML diff, and {@code promtool test
 * rules} files built from the recorded data. Pure: reads recordings, writes nothing but what it is asked to emit.
 */
package dev.chaoslab.simulator.tune;
