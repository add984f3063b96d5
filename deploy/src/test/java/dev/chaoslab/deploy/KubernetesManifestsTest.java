package dev.chaoslab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * deploy/kubernetes without a cluster: every kustomization rendered by kubectl and every manifest file parsed strictly
 * against the Kubernetes API types, each rendering checked against the project's rules, and what each rendering must
 * hold (the stack, agent mode, the chaos proxy as a sidecar, the sharded run).
 */
class KubernetesManifestsTest {

    private static final List<String> TARGETS = List.of("gateway", "orders", "payments", "inventory");
    private static ProjectRules rules;

    @BeforeAll
    static void compose() throws IOException {
        rules = new ProjectRules(ComposeImages.read(Repository.COMPOSE));
    }

    private static List<Manifest> rendering(String kustomization) throws IOException, InterruptedException {
        Path dir = Repository.KUBERNETES.resolve(kustomization);
        return StrictManifests.parse("kubectl kustomize " + Repository.ROOT.relativize(dir), Kustomize.render(dir));
    }

    @TestFactory
    @DisplayName("every kustomization renders, parses strictly and keeps the project's rules")
    Stream<DynamicTest> everyRendering() throws IOException {
        List<Path> roots = Kustomize.roots(Repository.KUBERNETES);
        assertThat(roots)
                .extracting(r -> Repository.KUBERNETES.relativize(r).toString())
                .contains("base", "overlays/agent", "overlays/proxy-sidecar", "overlays/run");
        return roots.stream()
                .map(root ->
                        DynamicTest.dynamicTest(Repository.ROOT.relativize(root).toString(), () -> {
                            List<Manifest> manifests = rendering(
                                    Repository.KUBERNETES.relativize(root).toString());
                            assertThat(manifests).isNotEmpty();
                            assertThat(rules.check(manifests)).as("violations").isEmpty();
                        }));
    }

    @TestFactory
    @DisplayName("every manifest file (resources and patches) parses strictly on its own")
    Stream<DynamicTest> everyFile() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Repository.KUBERNETES)) {
            files = walk.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals(Kustomize.KUSTOMIZATION))
                    .filter(f -> !f.getParent().getFileName().toString().equals("files"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(
                        Repository.ROOT.relativize(file).toString(),
                        () -> assertThat(StrictManifests.parse(
                                        Repository.ROOT.relativize(file).toString(), Files.readString(file)))
                                .isNotEmpty()));
    }

    @Test
    @DisplayName("the base holds the whole stack: targets with probes and the chaos token, serve, observability")
    void baseStack() throws Exception {
        List<Manifest> base = rendering("base");
        assertThat(names(base, Deployment.class))
                .containsExactlyInAnyOrder(
                        "gateway",
                        "orders",
                        "payments",
                        "inventory",
                        "simulator",
                        "prometheus",
                        "alertmanager",
                        "loki",
                        "tempo",
                        "grafana");
        assertThat(names(base, DaemonSet.class)).containsExactly("alloy");
        for (String target : TARGETS) {
            Container container = firstContainer(only(base, Deployment.class, target));
            assertThat(container.getLivenessProbe()).isNotNull();
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
            assertThat(container.getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("CHAOS_TOKEN");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("chaoslab-tokens");
            });
        }
        assertThat(firstContainer(only(base, Deployment.class, "simulator")).getArgs())
                .containsSequence("--alertmanager-receiver", "0.0.0.0:9094");
        assertThat(only(base, Service.class, "simulator").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort())
                .containsExactly("http:8090", "alertmanager:9094");
        assertThat(only(base, Service.class, "grafana").getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(13000));
    }

    @Test
    @DisplayName("the base's Alertmanager gets Prometheus' alerts and notifies the simulator's webhook receiver, as in "
            + "compose; the simulator checks its receivers")
    void alertmanager() throws Exception {
        List<Manifest> base = rendering("base");
        Container alertmanager = firstContainer(only(base, Deployment.class, "alertmanager"));
        assertThat(alertmanager.getArgs()).contains("--config.file=/etc/alertmanager/alertmanager.yml");
        assertThat(alertmanager.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/-/healthy");
        assertThat(alertmanager.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/-/ready");
        assertThat(only(base, Service.class, "alertmanager").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort())
                .containsExactly("http:9093");

        JsonNode prometheus = configFile(base, "prometheus-config", "prometheus.yml");
        assertThat(prometheus.at("/alerting/alertmanagers/0/static_configs/0/targets"))
                .extracting(JsonNode::asText)
                .containsExactly("alertmanager:9093");

        // every receiver posts to the simulator's receiver port behind its Service
        JsonNode config = configFile(base, "alertmanager-config", "alertmanager.yml");
        assertThat(config.get("receivers"))
                .isNotEmpty()
                .allSatisfy(receiver -> assertThat(
                                receiver.at("/webhook_configs/0/url").asText())
                        .isEqualTo("http://simulator:9094/alertmanager/"
                                + receiver.get("name").asText()));
        Map<String, String> simulatorEnv = firstContainer(only(base, Deployment.class, "simulator")).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(simulatorEnv).containsEntry("CHAOSLAB_ALERTMANAGER_URL", "http://alertmanager:9093");
    }

    @Test
    @DisplayName(
            "the agent overlay runs the four targets under the Java agent with their own tracing off, nothing else")
    void agentOverlay() throws Exception {
        List<Manifest> base = rendering("base");
        List<Manifest> agent = rendering("overlays/agent");
        for (String target : TARGETS) {
            Container container = firstContainer(only(agent, Deployment.class, target));
            Map<String, String> env = container.getEnv().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            assertThat(env)
                    .containsEntry("CHAOSLAB_INSTRUMENTATION", "agent")
                    .containsEntry("JAVA_TOOL_OPTIONS", "-javaagent:/app/opentelemetry-javaagent.jar")
                    .containsEntry("OTEL_SERVICE_NAME", target);
            assertThat(container.getImage()).isEqualTo("chaoslab-targets-agent:local");
        }
        assertThat(agent).hasSameSizeAs(base);
        assertThat(only(agent, Deployment.class, "simulator")).isEqualTo(only(base, Deployment.class, "simulator"));
    }

    @Test
    @DisplayName(
            "the proxy-sidecar overlay puts chaoslab proxy beside inventory, forwarding to it on localhost, and sends"
                    + " the Service's port through it; nothing else changes")
    void proxySidecarOverlay() throws Exception {
        List<Manifest> base = rendering("base");
        List<Manifest> sidecar = rendering("overlays/proxy-sidecar");
        Deployment inventory = only(sidecar, Deployment.class, "inventory");
        List<Container> containers = inventory.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactlyInAnyOrder("inventory", "inventory-proxy");
        assertThat(containers)
                .filteredOn(c -> c.getName().equals("inventory"))
                .containsExactly(firstContainer(only(base, Deployment.class, "inventory")));
        assertThat(inventory.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/default-container", "inventory");
        Container proxy = containers.stream()
                .filter(c -> c.getName().equals("inventory-proxy"))
                .findFirst()
                .orElseThrow();
        assertThat(proxy.getArgs())
                .startsWith("proxy")
                .containsSequence("--listen", "0.0.0.0:9000")
                .containsSequence("--upstream", "http://127.0.0.1:8083")
                .containsSequence("--admin", "0.0.0.0:9001");
        assertThat(proxy.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("CHAOS_TOKEN");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("chaoslab-tokens");
        });
        assertThat(proxy.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(proxy.getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("proxy:9000", "admin:9001");
        assertThat(only(sidecar, Service.class, "inventory").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->"
                        + p.getTargetPort().getStrVal())
                .containsExactly("http:8083->proxy", "chaos:9001->admin");
        // Prometheus scrapes the proxy's /metrics on its admin port: a job keeps that port of a target's pod
        String component =
                inventory.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
        assertThat(configFile(sidecar, "prometheus-config", "prometheus.yml").get("scrape_configs"))
                .filteredOn(job -> keeps(job, "__meta_kubernetes_pod_container_port_name", "admin")
                        && keeps(job, "__meta_kubernetes_pod_label_app_kubernetes_io_component", component))
                .singleElement()
                .satisfies(job -> assertThat(job.get("relabel_configs")).anySatisfy(r -> {
                    assertThat(r.at("/source_labels/0").asText()).isEqualTo("__meta_kubernetes_pod_container_name");
                    assertThat(r.get("target_label").asText()).isEqualTo("job");
                }));
        assertThat(sidecar).hasSameSizeAs(base);
        for (String other : List.of("gateway", "orders", "payments", "simulator")) {
            assertThat(only(sidecar, Deployment.class, other)).isEqualTo(only(base, Deployment.class, other));
        }
    }

    @Test
    @DisplayName("the run overlay adds an Indexed Job of 3 shards that never re-runs an index, and the merge after it")
    void runOverlay() throws Exception {
        List<Manifest> run = rendering("overlays/run");
        Job shards = only(run, Job.class, "chaoslab-run");
        assertThat(shards.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(shards.getSpec().getCompletions())
                .isEqualTo(3)
                .isEqualTo(shards.getSpec().getParallelism());
        assertThat(shards.getSpec().getBackoffLimit()).isZero();
        assertThat(shards.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .containsSequence("--shard", "$(JOB_COMPLETION_INDEX)/3");
        Job merge = only(run, Job.class, "chaoslab-merge");
        assertThat(merge.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .startsWith("merge");
    }

    @Test
    @DisplayName("the files shared with compose are identical copies (deploy/kubernetes/sync.sh makes them)")
    void copiesMatchTheirOriginals() throws IOException {
        Map<String, String> copies = Map.ofEntries(
                Map.entry("base/files/chaoslab-slo.rules.yml", "docker/prometheus/rules/chaoslab-slo.rules.yml"),
                Map.entry(
                        "base/files/chaoslab-symptoms.rules.yml",
                        "docker/prometheus/rules/chaoslab-symptoms.rules.yml"),
                Map.entry("base/files/alertmanager.yml", "docker/alertmanager/alertmanager.yml"),
                Map.entry("base/files/loki.yml", "docker/loki/loki.yml"),
                Map.entry("base/files/tempo.yml", "docker/tempo/tempo.yml"),
                Map.entry("base/files/datasources.yml", "docker/grafana/provisioning/datasources/datasources.yml"),
                Map.entry("base/files/dashboards.yml", "docker/grafana/provisioning/dashboards/dashboards.yml"),
                Map.entry("overlays/run/files/scenarios.yaml", "scenarios.yaml"));
        for (var copy : copies.entrySet()) {
            assertThat(Files.readString(Repository.KUBERNETES.resolve(copy.getKey())))
                    .as("%s is not a copy of %s: run deploy/kubernetes/sync.sh", copy.getKey(), copy.getValue())
                    .isEqualTo(Files.readString(Repository.ROOT.resolve(copy.getValue())));
        }
        try (Stream<Path> rules = Files.list(Repository.ROOT.resolve("docker/prometheus/rules"));
                Stream<Path> dashboards = Files.list(Repository.ROOT.resolve("dashboards"))) {
            for (Path original : Stream.concat(
                            rules, dashboards.filter(f -> f.toString().endsWith(".json")))
                    .toList()) {
                Path copy = Repository.KUBERNETES.resolve("base/files").resolve(original.getFileName());
                assertThat(copy)
                        .as(
                                "%s has no copy: run deploy/kubernetes/sync.sh and add it to base/kustomization.yaml",
                                original)
                        .exists();
                assertThat(Files.readString(copy))
                        .as("%s differs from %s: run deploy/kubernetes/sync.sh", copy, original)
                        .isEqualTo(Files.readString(original));
            }
        }
    }

    /** The file {@code key} of the ConfigMap {@code name}, parsed as YAML. */
    private static JsonNode configFile(List<Manifest> manifests, String name, String key) throws IOException {
        String text = only(manifests, ConfigMap.class, name).getData().get(key);
        assertThat(text).as("ConfigMap %s key %s", name, key).isNotNull();
        return new YAMLMapper().readTree(text);
    }

    /** Whether the scrape job keeps only targets whose {@code label} matches a regex that {@code value} matches. */
    private static boolean keeps(JsonNode job, String label, String value) {
        for (JsonNode r : job.path("relabel_configs")) {
            if ("keep".equals(r.path("action").asText())
                    && r.path("source_labels").size() == 1
                    && label.equals(r.at("/source_labels/0").asText())) {
                // Prometheus anchors relabel regexes at both ends
                return value != null && value.matches(r.path("regex").asText("(.*)"));
            }
        }
        return false;
    }

    private static <T extends HasMetadata> List<String> names(List<Manifest> manifests, Class<T> type) {
        return manifests.stream()
                .map(Manifest::resource)
                .filter(type::isInstance)
                .map(r -> r.getMetadata().getName())
                .toList();
    }

    private static Container firstContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static <T extends HasMetadata> T only(List<Manifest> manifests, Class<T> type, String name) {
        List<T> found = manifests.stream()
                .map(Manifest::resource)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }
}
