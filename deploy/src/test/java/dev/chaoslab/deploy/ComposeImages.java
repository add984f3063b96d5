package dev.chaoslab.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The images that docker/docker-compose.yml pins: repository to tag, read from every {@code image:} key. */
record ComposeImages(Map<String, String> tags) {

    ComposeImages {
        tags = Map.copyOf(tags);
    }

    static ComposeImages read(Path composeFile) throws IOException {
        JsonNode root = new YAMLMapper().readTree(composeFile.toFile());
        Map<String, String> tags = new TreeMap<>();
        collect(root, tags);
        return new ComposeImages(tags);
    }

    private static void collect(JsonNode node, Map<String, String> tags) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("image") && field.getValue().isTextual()) {
                    Image image = Image.parse(field.getValue().asText());
                    tags.put(image.repository(), image.tag());
                } else {
                    collect(field.getValue(), tags);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, tags));
        }
    }

    /** An image reference split into repository and tag ({@code ""} when it has none). */
    record Image(String repository, String tag) {

        static Image parse(String reference) {
            String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
            int slash = withoutDigest.lastIndexOf('/');
            int colon = withoutDigest.lastIndexOf(':');
            if (colon > slash) {
                return new Image(withoutDigest.substring(0, colon), withoutDigest.substring(colon + 1));
            }
            return new Image(withoutDigest, "");
        }
    }
}
