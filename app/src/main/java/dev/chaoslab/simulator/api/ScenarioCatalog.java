package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.scenario.Excerpt;
import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioProblem;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads scenario files for the API: {@code file} references are resolved inside the scenario directory and
 * may not leave it; inline scenarios come from the request. Parsing runs on a worker. Failures are
 * {@link ApiError}s: 400 for a path outside the directory, 404 for a missing file, 422 with every problem
 * for an invalid scenario.
 */
final class ScenarioCatalog {

    static final String DEFAULT_FILE = "scenarios.yaml";
    /** Problems listed in one answer: enough to fix a file, bounded however broken it is. */
    static final int MAX_PROBLEMS = 100;
    /** The largest scenario file read: far above any hand-written file, small enough to read whole. */
    static final long MAX_FILE_BYTES = 2 * 1024 * 1024;

    private final Vertx vertx;
    private final ScenarioLoader loader;
    private final Path dir;

    ScenarioCatalog(Vertx vertx, ScenarioLoader loader, Path dir) {
        this.vertx = vertx;
        this.loader = loader;
        this.dir = dir.toAbsolutePath().normalize();
    }

    ScenarioLoader loader() {
        return loader;
    }

    /** Loads a file of the scenario directory (relative name, as in {@code scenarios.yaml}). */
    Future<ScenarioFile> file(String name) {
        String file = name == null || name.isBlank() ? DEFAULT_FILE : name;
        Path path;
        try {
            path = resolve(file);
        } catch (ApiError e) {
            return Future.failedFuture(e);
        }
        // unordered: one slow file must not hold up every other load behind it on the context's queue
        return vertx.executeBlocking(
                () -> {
                    String text = read(confined(path, file), file);
                    try {
                        // The source in problems is the name the client used, not the server's absolute path.
                        return loader.loadString(file, text);
                    } catch (ScenarioValidationException e) {
                        throw invalid(e);
                    }
                },
                false);
    }

    /**
     * The file's real path (symbolic links resolved), refused when it leaves the real scenario directory: a link
     * inside the directory must not expose a file outside it.
     */
    private Path confined(Path path, String file) throws IOException {
        Path real;
        try {
            real = path.toRealPath();
        } catch (FileSystemException e) {
            // missing, a name too long or a loop of links: no scenario file by that name
            throw notFound(file);
        }
        if (!real.startsWith(dir.toRealPath())) {
            throw outside(file);
        }
        if (!Files.isRegularFile(real)) {
            throw notFound(file);
        }
        return real;
    }

    /** The file as UTF-8 text; larger than {@link #MAX_FILE_BYTES} or not UTF-8 is a client error, not a 500. */
    private static String read(Path real, String file) throws IOException {
        if (Files.size(real) > MAX_FILE_BYTES) {
            throw new ApiError(
                    413,
                    "file_too_large",
                    "'" + Excerpt.of(file) + "' is larger than " + MAX_FILE_BYTES
                            + " bytes; a scenario file is a few kilobytes: split it.");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(real)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(new ScenarioValidationException(
                    file,
                    List.of(new ScenarioProblem(file, 0, 0, "", "the file is not UTF-8 text; save it as UTF-8"))));
        }
    }

    private ApiError notFound(String file) {
        return ApiError.notFound(
                "file_not_found",
                "There is no scenario file '" + Excerpt.of(file) + "' in " + dir
                        + ". Give a path relative to that directory (GET /scenarios?file=… lists a file's scenarios).");
    }

    private ApiError outside(String file) {
        return ApiError.badRequest(
                "file_outside_scenario_dir",
                "'" + Excerpt.of(file) + "' is outside the scenario " + "directory " + dir
                        + "; give a path relative to it, without '..' and not through a link that leaves it.");
    }

    /** Loads scenarios given in a request: YAML or JSON text, or a JSON object. */
    Future<ScenarioFile> inline(Object inline) {
        String text;
        if (inline instanceof String s) {
            text = s;
        } else if (inline instanceof JsonObject o) {
            text = o.encodePrettily();
        } else {
            return Future.failedFuture(ApiError.badRequest(
                    "invalid_request",
                    "'inline' must be the text of a scenario "
                            + "file (YAML or JSON) or a JSON object with a scenario or a 'scenarios' list."));
        }
        return vertx.executeBlocking(
                () -> {
                    try {
                        return loader.loadString(ScenarioLoader.REQUEST_BODY, text);
                    } catch (ScenarioValidationException e) {
                        throw invalid(e);
                    }
                },
                false);
    }

    /** Validates without failing on problems: the outcome is the list of problems (empty when valid). */
    Future<JsonObject> validate(Future<ScenarioFile> loading) {
        return loading.map(f -> new JsonObject()
                        .put("valid", true)
                        .put("source", f.source())
                        .put("scenarios", new JsonArray(f.names()))
                        .put("problems", new JsonArray()))
                .recover(e -> {
                    if (e instanceof ApiError error && error.status() == 422) {
                        return Future.succeededFuture(
                                new JsonObject().put("valid", false).put("problems", error.problems()));
                    }
                    return Future.failedFuture(e);
                });
    }

    static ApiError invalid(ScenarioValidationException e) {
        return new ApiError(
                422,
                "invalid_scenario",
                e.source() + " has " + e.problems().size() + " problem"
                        + (e.problems().size() == 1 ? "" : "s")
                        + "; fix each one listed in 'problems' (file:line:column, field).",
                problems(e.problems()));
    }

    /** The problems as JSON, at most {@link #MAX_PROBLEMS} of them (the last entry then says how many more). */
    static JsonArray problems(List<ScenarioProblem> problems) {
        JsonArray out = new JsonArray();
        for (ScenarioProblem p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))) {
            out.add(new JsonObject()
                    .put("file", Excerpt.of(p.source()))
                    .put("line", p.line())
                    .put("column", p.column())
                    .put("field", Excerpt.of(p.field(), 200))
                    .put("message", Excerpt.of(p.message(), 1000)));
        }
        if (problems.size() > MAX_PROBLEMS) {
            ScenarioProblem last = problems.get(MAX_PROBLEMS);
            out.add(new JsonObject()
                    .put("file", Excerpt.of(last.source()))
                    .put("line", last.line())
                    .put("column", last.column())
                    .put("field", "")
                    .put("message", (problems.size() - MAX_PROBLEMS) + " more problems from here on; fix these first"));
        }
        return out;
    }

    private Path resolve(String file) {
        Path relative;
        try {
            relative = Path.of(file);
        } catch (InvalidPathException e) {
            throw ApiError.badRequest(
                    "invalid_file_name",
                    "'" + Excerpt.of(file) + "' is not a file name (" + Excerpt.of(e.getReason())
                            + "); give a path relative to the scenario directory.");
        }
        Path path = dir.resolve(relative).normalize();
        if (relative.isAbsolute() || !path.startsWith(dir)) {
            throw outside(file);
        }
        return path;
    }
}
