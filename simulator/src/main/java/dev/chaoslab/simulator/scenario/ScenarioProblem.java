package dev.chaoslab.simulator.scenario;

/**
 * One thing wrong with a scenario file.
 *
 * @param source  the file (path as given) or e.g. {@code <request body>}
 * @param line    1-based line, 0 when unknown
 * @param column  1-based column, 0 when unknown
 * @param field   the field path, e.g. {@code scenarios[1].phases[0].duration} (empty for the document)
 * @param message what is wrong and what is expected
 */
public record ScenarioProblem(String source, int line, int column, String field, String message) {

    /** {@code scenarios.yaml:12:9: scenarios[0].phases[1].duration: must be > 0 …} */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
