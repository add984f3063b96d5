package dev.chaoslab.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads several proxies from YAML. Every problem is reported at once, located as {@code file:line:column: field:
 * message}, like scenario files:
 *
 * <pre>{@code
 * proxies:
 *   - name: catalog
 *     listen: 127.0.0.1:9000
 *     upstream: http://127.0.0.1:8080
 *     admin: 127.0.0.1:9001
 *     routes: [/api/products/:sku]
 * }</pre>
 */
public final class ProxyConfigReader {

    /** The keys of one proxy; {@code routes} is optional. */
    public static final List<String> KEYS = List.of("name", "listen", "upstream", "admin", "routes");
    /** The largest file read: a proxies file is a few lines. */
    public static final long MAX_BYTES = 1024 * 1024;

    private final String source;
    private final List<String> problems = new ArrayList<>();

    private ProxyConfigReader(String source) {
        this.source = source;
    }

    /** Reads a file; throws with every problem found. */
    public static List<ProxySpec> read(Path file) throws ProxyConfigException {
        String source = file.toString();
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ProxyConfigException(List.of(source + ":1:1: file: is larger than " + MAX_BYTES + " bytes"));
            }
            return read(source, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ProxyConfigException(List.of(source + ":0:0: file: cannot be read (" + e.getMessage() + ")"));
        }
    }

    /** Reads YAML text; {@code source} names it in messages. */
    public static List<ProxySpec> read(String source, String yaml) throws ProxyConfigException {
        ProxyConfigReader reader = new ProxyConfigReader(source);
        List<ProxySpec> specs = reader.parse(yaml);
        if (!reader.problems.isEmpty()) {
            throw new ProxyConfigException(reader.problems);
        }
        return specs;
    }

    private List<ProxySpec> parse(String yaml) {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(source)
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10)
                    .build();
            Optional<Node> node =
                    new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml))).getSingleNode();
            if (node.isEmpty()) {
                problem(null, "proxies", "the file is empty; it needs a proxies: list");
                return List.of();
            }
            root = node.get();
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            problems.add(location(mark) + ": yaml: " + e.getProblem());
            return List.of();
        } catch (RuntimeException e) {
            problems.add(source + ":0:0: yaml: " + e.getMessage());
            return List.of();
        }
        Map<String, NodeTuple> top = mapping(root, "", List.of("proxies"));
        if (top == null) {
            return List.of();
        }
        NodeTuple proxies = top.get("proxies");
        if (proxies == null) {
            problem(root, "proxies", "is required: a list of proxies (name, listen, upstream, admin, routes)");
            return List.of();
        }
        if (!(proxies.getValueNode() instanceof SequenceNode list)
                || list.getValue().isEmpty()) {
            problem(proxies.getValueNode(), "proxies", "must be a non-empty list of proxies");
            return List.of();
        }
        List<ProxySpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String path = "proxies[" + i + "]";
            ProxySpec spec = proxy(item, path);
            if (spec == null) {
                continue;
            }
            if (!names.add(spec.name())) {
                problem(item, path + ".name", "'" + spec.name() + "' is the name of an earlier proxy");
            }
            for (HostPort address : List.of(spec.listen(), spec.admin())) {
                if (address.port() != 0 && !addresses.add(address.toString())) {
                    problem(item, path, address + " is used twice");
                }
            }
            specs.add(spec);
        }
        return specs;
    }

    private ProxySpec proxy(Node node, String path) {
        Map<String, NodeTuple> fields = mapping(node, path, KEYS);
        if (fields == null) {
            return null;
        }
        int before = problems.size();
        String name = text(fields, node, path, "name", true);
        if (name != null && ProxySpec.checkName(name) != null) {
            problem(fields.get("name").getValueNode(), path + ".name", ProxySpec.checkName(name));
        }
        HostPort listen = address(fields, node, path, "listen");
        HostPort admin = address(fields, node, path, "admin");
        URI upstream = upstream(fields, node, path);
        RouteTemplates routes = routes(fields, path);
        if (problems.size() > before) {
            return null;
        }
        try {
            return new ProxySpec(name, listen, upstream, admin, routes);
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    private HostPort address(Map<String, NodeTuple> fields, Node parent, String path, String key) {
        String text = text(fields, parent, path, key, true);
        if (text == null) {
            return null;
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            problem(fields.get(key).getValueNode(), path + "." + key, e.getMessage());
            return null;
        }
    }

    private URI upstream(Map<String, NodeTuple> fields, Node parent, String path) {
        String text = text(fields, parent, path, "upstream", true);
        if (text == null) {
            return null;
        }
        Node at = fields.get("upstream").getValueNode();
        try {
            URI uri = new URI(text);
            String problem = ProxySpec.checkUpstream(uri);
            if (problem != null) {
                problem(at, path + ".upstream", problem);
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(at, path + ".upstream", "is not a URL: " + e.getMessage());
            return null;
        }
    }

    private RouteTemplates routes(Map<String, NodeTuple> fields, String path) {
        NodeTuple tuple = fields.get("routes");
        if (tuple == null) {
            return RouteTemplates.none();
        }
        if (!(tuple.getValueNode() instanceof SequenceNode list)) {
            problem(
                    tuple.getValueNode(),
                    path + ".routes",
                    "must be a list of route templates, e.g. [/api/orders/:id]");
            return null;
        }
        List<String> templates = new ArrayList<>();
        int before = problems.size();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String at = path + ".routes[" + i + "]";
            String template = item instanceof ScalarNode s ? s.getValue() : null;
            String problem = RouteTemplates.check(template);
            if (problem != null) {
                problem(item, at, problem);
            } else if (templates.contains(template)) {
                problem(item, at, "'" + template + "' is listed twice");
            } else {
                templates.add(template);
            }
        }
        if (templates.size() > RouteTemplates.MAX_TEMPLATES) {
            problem(
                    list,
                    path + ".routes",
                    "has " + templates.size() + " templates; at most " + RouteTemplates.MAX_TEMPLATES);
        }
        return problems.size() > before ? null : new RouteTemplates(templates);
    }

    private String text(Map<String, NodeTuple> fields, Node parent, String path, String key, boolean required) {
        NodeTuple tuple = fields.get(key);
        if (tuple == null) {
            if (required) {
                problem(parent, path + "." + key, "is required");
            }
            return null;
        }
        if (!(tuple.getValueNode() instanceof ScalarNode scalar)
                || scalar.getValue().isBlank()) {
            problem(tuple.getValueNode(), path + "." + key, "must be a non-empty text");
            return null;
        }
        return scalar.getValue().trim();
    }

    private Map<String, NodeTuple> mapping(Node node, String path, List<String> keys) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path.isEmpty() ? "proxies" : path, "must be a mapping with keys " + String.join(", ", keys));
            return null;
        }
        Map<String, NodeTuple> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            String at = (path.isEmpty() ? "" : path + ".") + key;
            if (key == null || !keys.contains(key)) {
                problem(tuple.getKeyNode(), at, "is not a known key; known keys: " + String.join(", ", keys));
            } else {
                fields.put(key, tuple);
            }
        }
        return fields;
    }

    private void problem(Node at, String field, String message) {
        problems.add(location(at == null ? null : at.getStartMark().orElse(null)) + ": " + field + ": " + message);
    }

    private String location(Mark mark) {
        return source + ":" + (mark == null ? 0 : mark.getLine() + 1) + ":" + (mark == null ? 0 : mark.getColumn() + 1);
    }
}
