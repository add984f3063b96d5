package dev.chaoslab.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.deploy.StrictManifests.InvalidManifestException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The validation refuses what it must: each test breaks one rule in an otherwise valid rendering
 * (fixtures/valid.yaml, which passes) and expects the located message.
 */
class ManifestValidationFailureTest {

    private static String valid;
    private static ProjectRules rules;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ManifestValidationFailureTest.class.getResourceAsStream("/fixtures/valid.yaml")) {
            valid = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        rules = new ProjectRules(ComposeImages.read(Repository.COMPOSE));
    }

    private static List<String> violations(String yaml) {
        return rules.check(StrictManifests.parse("broken.yaml", yaml));
    }

    private static String breaking(String text, String replacement) {
        assertThat(valid).contains(text);
        return valid.replace(text, replacement);
    }

    @Test
    @DisplayName("the valid fixture keeps every rule, so each failure below comes from its one change")
    void validFixturePasses() {
        assertThat(violations(valid)).isEmpty();
    }

    @Test
    @DisplayName("an unknown field is refused with its path, although fabric8 alone would keep it quietly")
    void unknownField() {
        String yaml = breaking("          imagePullPolicy: IfNotPresent", "          imagePullPolcy: IfNotPresent");
        assertThatThrownBy(() -> StrictManifests.parse("broken.yaml", yaml))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("broken.yaml, document 2 (Deployment/grafana)")
                .hasMessageContaining("unknown field spec.template.spec.containers[0].imagePullPolcy");
    }

    @Test
    @DisplayName("an unknown field at the top of a document is refused too")
    void unknownTopLevelField() {
        String yaml = breaking("kind: Service\n", "kind: Service\nstatusz: {}\n");
        assertThatThrownBy(() -> StrictManifests.parse("broken.yaml", yaml))
                .hasMessageContaining("(Service/grafana)")
                .hasMessageContaining("unknown field statusz");
    }

    @Test
    @DisplayName("a kind that is no Kubernetes API type is refused")
    void unknownKind() {
        String yaml = breaking("kind: Service\n", "kind: Servise\n");
        assertThatThrownBy(() -> StrictManifests.parse("broken.yaml", yaml))
                .hasMessageContaining("kind Servise is not a Kubernetes API type");
    }

    @Test
    @DisplayName("a number where the API wants a string (an env value) is refused, as the API server does")
    void mistypedScalar() {
        String yaml = breaking("              value: \"false\"", "              value: 8080");
        assertThatThrownBy(() -> StrictManifests.parse("broken.yaml", yaml))
                .hasMessageContaining("(Deployment/grafana)")
                .hasMessageContaining("spec.template.spec.containers[0].env[1].value");
    }

    @Test
    @DisplayName("an image without a tag, or with latest, is not pinned")
    void unpinnedImage() {
        assertThat(violations(breaking("image: grafana/grafana:13.1.2", "image: grafana/grafana")))
                .containsExactly("Deployment/grafana container grafana: image grafana/grafana is not pinned "
                        + "(give it the version tag of docker-compose.yml)");
        assertThat(violations(breaking("image: grafana/grafana:13.1.2", "image: grafana/grafana:latest")))
                .singleElement()
                .asString()
                .contains("is not pinned");
    }

    @Test
    @DisplayName("an image pinned to another version than compose's is refused")
    void imageVersionDiffersFromCompose() {
        assertThat(violations(breaking("image: grafana/grafana:13.1.2", "image: grafana/grafana:12.0.0")))
                .singleElement()
                .asString()
                .contains("differs from docker-compose.yml's grafana/grafana:13.1.2");
    }

    @Test
    @DisplayName("a container without a memory limit is refused")
    void missingLimit() {
        assertThat(violations(breaking(
                        "            limits:\n              cpu: \"1\"\n              memory: 512Mi\n",
                        "            limits:\n              cpu: \"1\"\n")))
                .containsExactly("Deployment/grafana container grafana: resources.limits.memory is missing");
    }

    @Test
    @DisplayName("a pod that may run as root is refused")
    void rootPod() {
        assertThat(violations(breaking("        runAsNonRoot: true\n        runAsUser: 472", "        runAsUser: 0")))
                .singleElement()
                .asString()
                .contains("must run as non-root");
    }

    @Test
    @DisplayName("a Service whose selector matches no workload's pods is refused")
    void serviceSelectsNothing() {
        String yaml = breaking(
                "  selector:\n    app.kubernetes.io/name: grafana\n  ports:",
                "  selector:\n    app.kubernetes.io/name: grafna\n  ports:");
        assertThat(violations(yaml))
                .containsExactly(
                        "Service/grafana: spec.selector {app.kubernetes.io/name=grafna} selects the pods of no workload");
    }

    @Test
    @DisplayName("a reference to a Secret key that does not exist is refused")
    void missingSecretKey() {
        assertThat(violations(breaking("                  key: chaos-token", "                  key: api-token")))
                .singleElement()
                .asString()
                .contains("Secret chaoslab-tokens has no key api-token");
    }

    @Test
    @DisplayName("an Indexed Job that could re-run an index, or whose shard count differs from completions, is refused")
    void indexedJobRules() {
        assertThat(violations(breaking("  backoffLimit: 0", "  backoffLimit: 6")))
                .singleElement()
                .asString()
                .contains("backoffLimit must be 0");
        assertThat(violations(breaking("  parallelism: 3", "  parallelism: 2")))
                .singleElement()
                .asString()
                .contains("completions (3) must equal parallelism (2)");
        assertThat(violations(breaking("      restartPolicy: Never", "      restartPolicy: OnFailure")))
                .singleElement()
                .asString()
                .contains("restartPolicy must be Never");
        assertThat(violations(breaking("$(JOB_COMPLETION_INDEX)/3", "$(JOB_COMPLETION_INDEX)/4")))
                .singleElement()
                .asString()
                .contains("--shard must be $(JOB_COMPLETION_INDEX)/3");
    }
}
