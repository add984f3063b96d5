package dev.chaoslab.simulator.scenario;

import java.util.List;

/** A scenario file with problems; carries all of them, in file order. */
public final class ScenarioValidationException extends Exception {
    private final String source;
    private final List<ScenarioProblem> problems;

    public ScenarioValidationException(String source, List<ScenarioProblem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<ScenarioProblem> problems() {
        return problems;
    }

    private static String format(String source, List<ScenarioProblem> problems) {
        StringBuilder sb = new StringBuilder(source)
                .append(" has ")
                .append(problems.size())
                .append(problems.size() == 1 ? " problem:" : " problems:");
        for (ScenarioProblem p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
