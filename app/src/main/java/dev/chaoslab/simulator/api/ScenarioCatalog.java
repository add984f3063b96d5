package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.scenario.ScenarioFile;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import dev.chaoslab.simulator.scenario.ScenarioProblem;
import dev.chaoslab.simulator.scenario.ScenarioValidationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
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
    return vertx.executeBlocking(() -> {
      if (!Files.isRegularFile(path)) {
        throw ApiError.notFound("file_not_found", "There is no scenario file '" + file + "' in " + dir
            + ". Give a path relative to that directory (GET /scenarios?file=… lists a file's scenarios).");
      }
      try {
        // The source in problems is the name the client used, not the server's absolute path.
        return loader.loadString(file, Files.readString(path));
      } catch (ScenarioValidationException e) {
        throw invalid(e);
      }
    });
  }

  /** Loads scenarios given in a request: YAML or JSON text, or a JSON object. */
  Future<ScenarioFile> inline(Object inline) {
    String text;
    if (inline instanceof String s) {
      text = s;
    } else if (inline instanceof JsonObject o) {
      text = o.encodePrettily();
    } else {
      return Future.failedFuture(ApiError.badRequest("invalid_request", "'inline' must be the text of a scenario "
          + "file (YAML or JSON) or a JSON object with a scenario or a 'scenarios' list."));
    }
    return vertx.executeBlocking(() -> {
      try {
        return loader.loadString(ScenarioLoader.REQUEST_BODY, text);
      } catch (ScenarioValidationException e) {
        throw invalid(e);
      }
    });
  }

  /** Validates without failing on problems: the outcome is the list of problems (empty when valid). */
  Future<JsonObject> validate(Future<ScenarioFile> loading) {
    return loading.map(f -> new JsonObject().put("valid", true).put("source", f.source())
            .put("scenarios", new JsonArray(f.names())).put("problems", new JsonArray()))
        .recover(e -> {
          if (e instanceof ApiError error && error.status() == 422) {
            return Future.succeededFuture(new JsonObject().put("valid", false).put("problems", error.problems()));
          }
          return Future.failedFuture(e);
        });
  }

  static ApiError invalid(ScenarioValidationException e) {
    return new ApiError(422, "invalid_scenario", e.source() + " has " + e.problems().size() + " problem"
        + (e.problems().size() == 1 ? "" : "s") + "; fix each one listed in 'problems' (file:line:column, field).",
        problems(e.problems()));
  }

  static JsonArray problems(List<ScenarioProblem> problems) {
    JsonArray out = new JsonArray();
    for (ScenarioProblem p : problems) {
      out.add(new JsonObject().put("file", p.source()).put("line", p.line()).put("column", p.column())
          .put("field", p.field()).put("message", p.message()));
    }
    return out;
  }

  private Path resolve(String file) {
    Path relative = Path.of(file);
    Path path = dir.resolve(relative).normalize();
    if (relative.isAbsolute() || !path.startsWith(dir)) {
      throw ApiError.badRequest("file_outside_scenario_dir", "'" + file + "' is outside the scenario directory "
          + dir + "; give a path relative to it, without '..'.");
    }
    return path;
  }
}
