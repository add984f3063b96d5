/**
 * The JSON codec of results, the only place their keys live: {@link dev.chaoslab.simulator.result.json.ResultWriter}
 * writes the status, the report, the run list and the verdicts; {@link dev.chaoslab.simulator.result.json.ResultReader}
 * reads the status and the report back (also reports an earlier version wrote) with the typed, path-naming reads of
 * {@code JsonFields}. Everything else reaches it through {@link dev.chaoslab.simulator.result.ResultJson}.
 *
 * <p>May depend on the result records ({@code result}), the scenario model's enums ({@code scenario}) and Vert.x's
 * JSON types; nothing else.
 */
package dev.chaoslab.simulator.result.json;
