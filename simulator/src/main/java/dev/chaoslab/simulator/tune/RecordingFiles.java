package dev.chaoslab.simulator.tune;

import dev.chaoslab.simulator.result.Recording;
import dev.chaoslab.simulator.result.ResultJson;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code recording.json} files; every failure is an {@link UntunableRuleException} naming the file. Blocking. */
public final class RecordingFiles {

    /** The file name a run writes its recording to. */
    public static final String FILE = "recording.json";

    private RecordingFiles() {}

    /** Reads the recording at {@code path}: a run folder or the file itself. */
    public static Recording read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new UntunableRuleException(file + ": no recording there; runs record the series behind their alert "
                    + "rules only when they check alert expectations against Prometheus (run --local-prometheus or "
                    + "--prometheus URL with an expect block)");
        }
        try {
            return ResultJson.decodeRecording(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (DecodeException e) {
            throw new UntunableRuleException(file + ": not JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UntunableRuleException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UntunableRuleException(file + ": cannot read: " + e.getMessage());
        }
    }
}
