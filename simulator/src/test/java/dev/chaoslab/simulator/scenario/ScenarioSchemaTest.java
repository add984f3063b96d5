package dev.chaoslab.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.Delay;
import dev.chaoslab.chaos.DependencyFault;
import dev.chaoslab.chaos.Durations;
import dev.chaoslab.chaos.ErrorFault;
import dev.chaoslab.chaos.FaultReader;
import dev.chaoslab.chaos.FaultType;
import dev.chaoslab.chaos.FaultTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Keeps the shipped JSON Schema true: the shipped file validates, broken ones do not, and its keys are the parser's. */
class ScenarioSchemaTest {

    static JsonObject schema() throws Exception {
        try (InputStream in = ScenarioSchemaTest.class.getResourceAsStream("/scenario.schema.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Validator validator() throws Exception {
        JsonObject s = schema();
        return Validator.create(
                JsonSchema.of(s),
                new JsonSchemaOptions()
                        .setDraft(Draft.DRAFT202012)
                        .setBaseUri(s.getString("$id"))
                        .setOutputFormat(OutputFormat.Basic));
    }

    /** YAML (anchors resolved) as Vert.x JSON, as a schema-aware editor would see it. */
    static Object yamlToJson(String text) {
        Object o = new Load(LoadSettings.builder().build()).loadFromString(text);
        return o instanceof Map<?, ?> m ? new JsonObject(new JsonObject((Map<String, Object>) m).encode()) : o;
    }

    static OutputUnit validate(String yaml) throws Exception {
        return validator().validate(yamlToJson(yaml));
    }

    @Test
    @DisplayName("the schema is a draft 2020-12 schema")
    void draft() throws Exception {
        assertThat(schema().getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    @DisplayName("the shipped scenarios.yaml and a file using every construct are valid against the schema")
    void shippedFileIsValid() throws Exception {
        OutputUnit shipped = validate(Files.readString(ShippedScenariosTest.shippedFile()));
        assertThat(shipped.getValid()).as("%s", shipped.getErrors()).isTrue();
        OutputUnit full = validate(ScenarioLoaderTest.FULL);
        assertThat(full.getValid()).as("%s", full.getErrors()).isTrue();
        OutputUnit minimal = validate(ScenarioLoaderTest.minimal());
        assertThat(minimal.getValid()).as("%s", minimal.getErrors()).isTrue();
    }

    @Test
    @DisplayName(
            "the schema rejects what the loader rejects for form: unknown keys, bad durations, faults missing their fields")
    void brokenFilesAreInvalid() throws Exception {
        String[][] breaks = {
            {"duration: 30s", "durration: 30s"},
            {"duration: 30s", "duration: 30"},
            {"duration: 30s", "duration: soon"},
            {"{type: error, status: 503}", "{type: error}"},
            {"{type: error, status: 503}", "{type: hang, status: 503}"},
            {"{type: error, status: 503}", "{type: error, status: 503, burnRate: 14.4}"},
            {"{type: error, status: 503}", "{type: error, status: 503, ttl: 30s}"},
            {"{type: error, status: 503}", "{type: latency, latency: {distribution: fixed, medianMs: 3}}"},
            {"{type: constant, rate: 10}", "{type: constant, rate: -1}"},
            {"{type: constant, rate: 10}", "{type: wave, rate: 10}"},
            {"fires: {within: 1m, of: c}", "fires: {within: 1m, of: c}, silent: {during: run}"},
            {"fires: {within: 1m, of: c}", "fires: {of: c}"},
            {"path: /api/products", "path: api/products"},
            {"gateway: http://127.0.0.1:8080", "gateway: ftp://127.0.0.1:8080"},
            {"    requests:", "    data: {sku: {from: 1}}\n    requests:"},
            {"    requests:", "    data: {sku: {from: 1, to: 5, step: 2}}\n    requests:"},
            {"    requests:", "    data: {uuid: [a]}\n    requests:"},
            {"    requests:", "    data: {sku: []}\n    requests:"},
            {"    requests:", "    dependencies: {payments: bank}\n    requests:"},
        };
        for (String[] b : breaks) {
            assertThat(validate(ScenarioLoaderTest.minimal(b[0], b[1])).getValid())
                    .as("%s → %s", b[0], b[1])
                    .isFalse();
        }
    }

    @Test
    @DisplayName("every object in the schema lists exactly the keys the parser accepts")
    void keysMatchTheParser() throws Exception {
        JsonObject defs = schema().getJsonObject("$defs");
        Set<String> withProperties = new HashSet<>();
        for (String name : defs.fieldNames()) {
            JsonObject def = defs.getJsonObject(name);
            if (def.containsKey("properties")) {
                withProperties.add(name);
            }
        }
        assertThat(withProperties).containsExactlyInAnyOrderElementsOf(ScenarioKeys.BY_SCHEMA_DEF.keySet());
        for (Map.Entry<String, List<String>> e : ScenarioKeys.BY_SCHEMA_DEF.entrySet()) {
            Set<String> schemaKeys =
                    defs.getJsonObject(e.getKey()).getJsonObject("properties").fieldNames();
            assertThat(schemaKeys).as("$defs/%s", e.getKey()).containsExactlyInAnyOrderElementsOf(e.getValue());
            assertThat(defs.getJsonObject(e.getKey()).getValue("additionalProperties"))
                    .as("$defs/%s", e.getKey())
                    .isEqualTo(false);
        }
        // enumerations the parser knows
        assertThat(defs.getJsonObject("fault")
                        .getJsonObject("properties")
                        .getJsonObject("type")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(FaultTypes.standard().nameList());
        assertThat(defs.getJsonObject("threshold")
                        .getJsonObject("properties")
                        .getJsonObject("metric")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(ScenarioParser.METRICS);
        assertThat(defs.getJsonObject("dependency")
                        .getJsonObject("properties")
                        .getJsonObject("mode")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(DependencyFault.MODES);
        JsonArray shapes = defs.getJsonObject("phase")
                .getJsonObject("properties")
                .getJsonObject("shape")
                .getJsonArray("oneOf");
        assertThat(shapes.stream()
                        .map(o -> ((JsonObject) o).getString("$ref"))
                        .map(ref -> defs.getJsonObject(ref.substring("#/$defs/".length()))
                                .getJsonObject("properties")
                                .getJsonObject("type")
                                .getString("const"))
                        .collect(Collectors.toList()))
                .containsExactlyElementsOf(ScenarioParser.SHAPES);
    }

    @Test
    @DisplayName("the schema's fault part is the chaos module's registry: types, fields, distributions, modes, limits")
    void faultPartMatchesTheRegistry() throws Exception {
        JsonObject defs = schema().getJsonObject("$defs");
        JsonObject fault = defs.getJsonObject("fault");
        FaultTypes types = FaultTypes.standard();
        assertThat(fault.getJsonObject("properties")
                        .getJsonObject("type")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(types.nameList());
        // each type's own fields are required for it and refused for the others (the schema's if/then/else)
        Map<String, Set<String>> requiredByType = new HashMap<>();
        Set<String> guarded = new HashSet<>();
        for (Object o : fault.getJsonArray("allOf")) {
            JsonObject rule = (JsonObject) o;
            if (!rule.containsKey("if")) {
                continue;
            }
            String type = rule.getJsonObject("if")
                    .getJsonObject("properties")
                    .getJsonObject("type")
                    .getString("const");
            List<Object> required =
                    rule.getJsonObject("then").getJsonArray("required").getList();
            requiredByType
                    .computeIfAbsent(type, t -> new HashSet<>())
                    .addAll(required.stream().map(String::valueOf).toList());
            guarded.addAll(rule.getJsonObject("else").getJsonObject("not").getJsonArray("required").getList().stream()
                    .map(String::valueOf)
                    .toList());
        }
        for (FaultType type : types.all()) {
            assertThat(requiredByType.getOrDefault(type.name(), Set.of()))
                    .as("fields of type %s", type.name())
                    .containsExactlyInAnyOrderElementsOf(type.fields());
        }
        assertThat(guarded).containsExactlyInAnyOrderElementsOf(types.typeFields());

        JsonObject latency = defs.getJsonObject("latency");
        Map<String, List<String>> distributions = new LinkedHashMap<>();
        for (Object o : latency.getJsonArray("oneOf")) {
            JsonObject d = (JsonObject) o;
            String name = d.getJsonObject("properties")
                    .getJsonObject(Delay.DISTRIBUTION)
                    .getString("const");
            distributions.put(
                    name,
                    d.getJsonArray("required").getList().stream()
                            .map(String::valueOf)
                            .toList());
            assertThat(d.getJsonObject("propertyNames").getJsonArray("enum").getList())
                    .as(name)
                    .containsExactlyInAnyOrderElementsOf(
                            Stream.concat(Stream.of(Delay.DISTRIBUTION), Delay.PARAMETERS.get(name).stream())
                                    .toList());
        }
        assertThat(distributions).isEqualTo(Delay.PARAMETERS);
        assertThat(latency.getJsonObject("properties")
                        .getJsonObject(Delay.DISTRIBUTION)
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(Delay.PARAMETERS.keySet());
        assertThat(latency.getJsonObject("properties").getJsonObject("sigma").getDouble("maximum"))
                .isEqualTo(Delay.MAX_SIGMA);

        JsonObject props = fault.getJsonObject("properties");
        // a step's own labels share the chaos API's limit with the ones the run adds, which they may not name
        assertThat(props.getJsonObject("labels").getInteger("maxProperties"))
                .isEqualTo(FaultReader.MAX_LABELS - ChaosStep.RUN_LABELS.size());
        assertThat(props.getJsonObject("labels")
                        .getJsonObject("propertyNames")
                        .getJsonObject("not")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(ChaosStep.RUN_LABELS);
        assertThat(props.getJsonObject("labels").getJsonObject("propertyNames").getString("pattern"))
                .isEqualTo("^" + FaultReader.LABEL_NAME.pattern() + "$");
        assertThat(props.getJsonObject("labels")
                        .getJsonObject("additionalProperties")
                        .getInteger("maxLength"))
                .isEqualTo(FaultReader.MAX_LABEL_VALUE);
        assertThat(props.getJsonObject("status").getInteger("minimum")).isEqualTo(ErrorFault.MIN_STATUS);
        assertThat(props.getJsonObject("status").getInteger("maximum")).isEqualTo(ErrorFault.MAX_STATUS);
        assertThat(defs.getJsonObject("dependency")
                        .getJsonObject("properties")
                        .getJsonObject("mode")
                        .getJsonArray("enum")
                        .getList())
                .containsExactlyElementsOf(DependencyFault.MODES);
        assertThat(defs.getJsonObject("duration").getString("pattern")).isEqualTo("^" + Durations.PATTERN + "$");
        assertThat(defs.getJsonObject("method").getString("pattern")).contains(FaultReader.METHODS);
    }
}
