package dev.chaoslab.simulator.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The entry point of the scenario format: parses YAML (or JSON, which is YAML) and validates every
 * scenario completely, so nothing runs from a file with a mistake in it. All problems are reported
 * together, each with the file, line, column and field path.
 *
 * <pre>{@code
 * ScenarioLoader loader = new ScenarioLoader(ValidationOptions.defaults());
 * try {
 *   ScenarioFile file = loader.load(Path.of("scenarios.yaml"));
 *   Scenario s = file.find("baseline").orElseThrow();
 * } catch (ScenarioValidationException e) {
 *   System.err.println(e.getMessage());      // one line per problem
 * }
 * }</pre>
 *
 * Thread-safe (it keeps no state besides its options). Loading does blocking file I/O and CPU work:
 * call it from a worker, not an event loop.
 */
public final class ScenarioLoader {
    /** The source name for scenarios sent in an API request body. */
    public static final String REQUEST_BODY = "<request body>";
    /** The largest file {@link #load(Path)} reads: far above any hand-written scenario file, never the whole heap. */
    public static final long MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final ValidationOptions options;

    public ScenarioLoader(ValidationOptions options) {
        this.options = options;
    }

    public ScenarioLoader() {
        this(ValidationOptions.defaults());
    }

    public ValidationOptions options() {
        return options;
    }

    /** Loads a file; the source in problems is the path as given. */
    public ScenarioFile load(Path path) throws ScenarioValidationException {
        String text;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new ScenarioValidationException(
                        path.toString(),
                        List.of(new ScenarioProblem(
                                path.toString(),
                                0,
                                0,
                                "",
                                "the file is larger than " + MAX_FILE_BYTES
                                        + " bytes; a scenario file is a few kilobytes: split it")));
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioValidationException(
                    path.toString(),
                    List.of(new ScenarioProblem(
                            path.toString(),
                            0,
                            0,
                            "",
                            "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                                    + "); check the path")));
        }
        return loadString(path.toString(), text);
    }

    /**
     * Loads scenarios from text: either a file ({@code scenarios: [...]}) or one scenario mapping (as the
     * API accepts inline). Field paths of a lone scenario start at its keys ({@code phases[0].duration}).
     */
    public ScenarioFile loadString(String source, String text) throws ScenarioValidationException {
        Tree tree = new Tree(source);
        Node root = compose(tree, text);
        List<Scenario> scenarios = new ArrayList<>();
        if (root != null) {
            if (root instanceof MappingNode m && !hasKey(m, "scenarios") && hasKey(m, "name")) {
                Scenario s = new ScenarioParser(tree, options, "").parse(root);
                if (s != null) {
                    scenarios.add(s);
                }
            } else {
                Tree.Obj file = tree.obj(root, "", ScenarioKeys.FILE);
                List<Node> items = file == null ? null : file.list("scenarios", true);
                if (items != null && items.isEmpty()) {
                    tree.problem(file.node("scenarios"), "scenarios", "the list is empty; add at least one scenario");
                }
                if (items != null) {
                    Set<String> names = new HashSet<>();
                    for (int i = 0; i < items.size(); i++) {
                        String path = "scenarios[" + i + "]";
                        ScenarioParser parser = new ScenarioParser(tree, options, path);
                        Scenario s = parser.parse(items.get(i));
                        String name = parser.name();
                        if (name != null && !names.add(name)) {
                            tree.problem(
                                    items.get(i),
                                    path + ".name",
                                    "duplicate scenario name '" + name + "'; scenario names must be unique in a file");
                        }
                        if (s != null) {
                            scenarios.add(s);
                        }
                    }
                }
            }
        }
        if (!tree.problems().isEmpty()) {
            // file order reads best; a stable sort keeps the scenarios' order where YAML aliases share a position
            List<ScenarioProblem> sorted = new ArrayList<>(tree.problems());
            sorted.sort(
                    java.util.Comparator.comparingInt(ScenarioProblem::line).thenComparingInt(ScenarioProblem::column));
            throw new ScenarioValidationException(source, sorted);
        }
        return new ScenarioFile(source, scenarios);
    }

    /** Loads exactly one scenario from text (an inline scenario, or a file holding one). */
    public Scenario loadScenario(String source, String text) throws ScenarioValidationException {
        ScenarioFile f = loadString(source, text);
        if (f.scenarios().size() != 1) {
            throw new ScenarioValidationException(
                    source,
                    List.of(new ScenarioProblem(
                            source,
                            1,
                            1,
                            "scenarios",
                            "expected exactly one scenario, got "
                                    + f.scenarios().size() + " (" + String.join(", ", f.names()) + ")")));
        }
        return f.scenarios().get(0);
    }

    private static boolean hasKey(MappingNode m, String key) {
        return m.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof org.snakeyaml.engine.v2.nodes.ScalarNode s
                        && s.getValue().equals(key));
    }

    private static Node compose(Tree tree, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(tree.source())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // reported by Tree with their position instead
                .setMaxAliasesForCollections(50)
                .build();
        if (!YamlLimits.check(tree, settings, text)) {
            return null;
        }
        try {
            Optional<Node> node = new Compose(settings).composeString(text);
            if (node.isEmpty()) {
                tree.problemAt(1, 1, "", "the document is empty; expected 'scenarios:' with a list of scenarios");
                return null;
            }
            return node.get();
        } catch (MarkedYamlEngineException e) {
            Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
            tree.problemAt(
                    m == null ? 0 : m.getLine() + 1,
                    m == null ? 0 : m.getColumn() + 1,
                    "",
                    "not valid YAML: " + e.getProblem() + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
            return null;
        } catch (YamlEngineException e) {
            tree.problemAt(0, 0, "", "not valid YAML: " + Excerpt.of(e.getMessage(), 200));
            return null;
        }
    }
}
