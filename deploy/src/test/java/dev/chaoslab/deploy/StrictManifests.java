package dev.chaoslab.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Kubernetes manifests into fabric8's model of the API types as strictly as the API server's strict field
 * validation: a kind that is no API type, a field the type does not have, a duplicate key, or a scalar of the wrong
 * type (a number where the API wants a string, e.g. an env {@code value: 8080}) is an error that names the source,
 * the document and the field's path. fabric8 itself keeps unknown fields in {@code additionalProperties}; this class
 * walks the parsed objects and refuses any that holds one.
 */
final class StrictManifests {

    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final int MAX_DEPTH = 64;
    private static final ObjectMapper YAML = strictMapper();

    private StrictManifests() {}

    private static ObjectMapper strictMapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        for (CoercionInputShape shape :
                List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Every non-empty document of {@code yaml} as an API object.
     *
     * @throws InvalidManifestException on the first document that is not a valid API object, naming where and why
     */
    static List<Manifest> parse(String source, String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        int document = 0;
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode node = documents.nextValue();
                document++;
                if (node == null || node.isNull() || node.isMissingNode() || (node.isObject() && node.isEmpty())) {
                    continue;
                }
                manifests.add(typed(source, document, node));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidManifestException invalid) {
                throw invalid;
            }
            throw new InvalidManifestException(
                    source + ", document " + (document + 1) + ": not YAML: " + e.getMessage());
        }
        return manifests;
    }

    private static Manifest typed(String source, int document, JsonNode node) {
        String where =
                source + ", document " + document + " (" + node.path("kind").asText("?") + "/"
                        + node.path("metadata").path("name").asText("?") + ")";
        KubernetesResource resource;
        try {
            resource = YAML.treeToValue(node, KubernetesResource.class);
        } catch (JsonMappingException e) {
            throw new InvalidManifestException(
                    where + ": " + firstLine(e.getOriginalMessage()) + " at " + fieldPath(e));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidManifestException(where + ": " + firstLine(e.getMessage()));
        }
        if (resource instanceof GenericKubernetesResource || !(resource instanceof HasMetadata object)) {
            throw new InvalidManifestException(
                    where + ": apiVersion " + node.path("apiVersion").asText("(none)") + " kind "
                            + node.path("kind").asText("(none)") + " is not a Kubernetes API type");
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new InvalidManifestException(where + ": metadata.name is required");
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, "", unknown, 0);
        if (!unknown.isEmpty()) {
            throw new InvalidManifestException(where + ": " + String.join("; ", unknown));
        }
        return new Manifest(source, document, object);
    }

    private static void unknownFields(Object value, String path, List<String> found, int depth) {
        if (value == null || depth > MAX_DEPTH) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", found, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> unknownFields(entry, path + "." + key, found, depth + 1));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            String name = getter.getName();
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !name.startsWith("get")
                    || name.length() == 3
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object property = invoke(getter, value);
            if (name.equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add("unknown field " + (path.isEmpty() ? "" : path.substring(1) + ".")
                            + String.join(
                                    ", ",
                                    extra.keySet().stream().map(String::valueOf).toList()));
                }
            } else {
                unknownFields(
                        property,
                        path + "." + name.substring(3, 4).toLowerCase(Locale.ROOT) + name.substring(4),
                        found,
                        depth + 1);
            }
        }
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** {@code spec.template.spec.containers[0].env[1].value} from Jackson's reference chain. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the document" : path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A manifest that is not a valid API object; the message says where and why. */
    static final class InvalidManifestException extends RuntimeException {

        InvalidManifestException(String message) {
            super(message);
        }
    }
}
