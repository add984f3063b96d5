/**
 * What a run's status and report say, as records: state, totals, latency summaries, per-request and per-second
 * rows, thresholds and their results, faults, phases, error kinds, alert verdicts with their margins, the run's
 * timeline for the verdicts; and {@link dev.chaoslab.simulator.result.ResultJson}, the facade of the one codec that
 * knows their JSON keys (docs/contracts.md, in {@code result.json}), for writing and for reading reports back.
 *
 * <p>May depend on the scenario model ({@code scenario}) and Vert.x's JSON types; never on the engine ({@code run}),
 * the alert checks, the report writers, the CLI or the API, which all read these records.
 */
package dev.chaoslab.simulator.result;
