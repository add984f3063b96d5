package dev.chaoslab.simulator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code docs/rest.md} has one {@code ### METHOD /path} section per operation of {@code openapi.yaml}, and no
 * section for an operation the API does not have.
 */
class RestReferenceTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern SECTION =
            Pattern.compile("(?m)^### (GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) (/\\S*)$");

    @Test
    @DisplayName("docs/rest.md documents exactly the operations of openapi.yaml")
    void restPageCoversEveryOperation() throws IOException {
        String page =
                Files.readString(RepositoryFiles.root().resolve("docs").resolve("rest.md"), StandardCharsets.UTF_8);
        Set<String> documented = new TreeSet<>();
        Matcher section = SECTION.matcher(page);
        while (section.find()) {
            documented.add(section.group(1) + " " + section.group(2));
        }
        assertThat(documented)
                .as("'### METHOD /path' sections of docs/rest.md against app/src/main/resources/openapi.yaml")
                .isEqualTo(operations());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> operations() throws IOException {
        try (InputStream in = RestReferenceTest.class.getResourceAsStream("/openapi.yaml")) {
            assertThat(in).as("openapi.yaml on the class path").isNotNull();
            Map<String, Object> doc =
                    (Map<String, Object>) new Load(LoadSettings.builder().build())
                            .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Set<String> operations = new TreeSet<>();
            ((Map<String, Map<String, Object>>) doc.get("paths"))
                    .forEach((path, item) -> item.keySet().stream()
                            .filter(HTTP_METHODS::contains)
                            .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
            return operations;
        }
    }
}
