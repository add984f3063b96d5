package dev.chaoslab.simulator.result;

import dev.chaoslab.simulator.result.json.ExpectationWriter;
import dev.chaoslab.simulator.result.json.RecordingJson;
import dev.chaoslab.simulator.result.json.ResultReader;
import dev.chaoslab.simulator.result.json.ResultWriter;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The one place the JSON keys of results live: the run status ({@code GET /runs/:id}), the report
 * ({@code report.json}, {@code GET /runs/:id/report}) and the run list entries, written and read back
 * (docs/contracts.md). Reading accepts every report an earlier version wrote: a missing optional field is its
 * default, a field of the wrong type or an unknown state is a {@link ResultFormatException} naming the field.
 * The keys themselves live in {@code result.json}, behind this facade.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultJson {

    private ResultJson() {}

    /** The status JSON. */
    public static JsonObject encode(RunStatus s) {
        return ResultWriter.encode(s);
    }

    /** The report JSON: the status's keys, then the details. */
    public static JsonObject encode(RunReport r) {
        return ResultWriter.encode(r);
    }

    /** A run list entry. */
    public static JsonObject encode(RunSummary s) {
        return ResultWriter.encode(s);
    }

    /** The run list: an object whose one member lists the entries. */
    public static JsonObject encodeList(List<RunSummary> runs) {
        return ResultWriter.encodeList(runs);
    }

    /** An entry of the report's expectations. */
    public static JsonObject verdict(Verdict v) {
        return ExpectationWriter.verdict(v);
    }

    /** Reads a status JSON. @throws ResultFormatException naming the field that cannot be read */
    public static RunStatus decodeStatus(JsonObject json) {
        return ResultReader.decodeStatus(json);
    }

    /** Reads a report JSON, also one written by an earlier version. @throws ResultFormatException naming the field */
    public static RunReport decodeReport(JsonObject json) {
        return ResultReader.decodeReport(json);
    }

    /** {@code recording.json}: the series behind the checked rules, for {@code tune}. */
    public static JsonObject encode(Recording r) {
        return RecordingJson.encode(r);
    }

    /** Reads a {@code recording.json}. @throws ResultFormatException naming the field that cannot be read */
    public static Recording decodeRecording(JsonObject json) {
        return RecordingJson.decode(json);
    }
}
