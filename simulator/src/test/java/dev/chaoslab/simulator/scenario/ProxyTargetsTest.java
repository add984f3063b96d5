package dev.chaoslab.simulator.scenario;

import static dev.chaoslab.simulator.scenario.ScenarioLoaderTest.check;
import static dev.chaoslab.simulator.scenario.ScenarioLoaderTest.load;
import static dev.chaoslab.simulator.scenario.ScenarioLoaderTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.proxy.ProxyConfigReader;
import dev.chaoslab.proxy.ProxySpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Targets in their two forms: {@code name: url} (serves its own chaos API) and {@code {url, chaos}} (a proxy). */
class ProxyTargetsTest {

    private static final String PLAIN = "targets: {gateway: http://127.0.0.1:8080, payments: http://127.0.0.1:8082}";

    @Test
    @DisplayName("a plain target takes faults at its own URL; a {url, chaos} target takes them at its chaos API")
    void chaosApis() throws Exception {
        Scenario plain = load(minimal()).scenarios().get(0);
        assertThat(plain.chaosApi("payments")).contains(URI.create("http://127.0.0.1:8082"));

        Scenario proxied = load(minimal(
                        PLAIN,
                        "targets: {gateway: http://127.0.0.1:8080, "
                                + "payments: {url: http://127.0.0.1:9000, chaos: http://127.0.0.1:9001}}"))
                .scenarios()
                .get(0);
        assertThat(proxied.targets().get("payments")).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(proxied.chaosApi("payments")).contains(URI.create("http://127.0.0.1:9001"));
        assertThat(proxied.chaosApi("gateway")).contains(URI.create("http://127.0.0.1:8080"));
    }

    @Test
    @DisplayName("moving a target (the demo's free ports) moves the chaos API it serves itself, not a proxy's")
    void withTargets() throws Exception {
        Scenario s = load(minimal(
                        PLAIN,
                        "targets: {gateway: http://127.0.0.1:8080, "
                                + "payments: {url: http://127.0.0.1:9000, chaos: http://127.0.0.1:9001}}"))
                .scenarios()
                .get(0);
        Scenario moved = s.withTargets(Map.of(
                "gateway", URI.create("http://127.0.0.1:18080"), "payments", URI.create("http://127.0.0.1:19000")));
        assertThat(moved.chaosApi("gateway")).contains(URI.create("http://127.0.0.1:18080"));
        assertThat(moved.chaosApi("payments")).contains(URI.create("http://127.0.0.1:9001"));
    }

    @Test
    @DisplayName("a chaos step on a target without a chaos API is refused, naming the targets that accept faults")
    void noChaosApi() {
        String text =
                minimal(PLAIN, "targets: {gateway: http://127.0.0.1:8080, payments: {url: http://127.0.0.1:9000}}");
        check(
                text,
                "payments, duration",
                "scenarios[0].chaos[0].target",
                "target 'payments' accepts no faults: it has no chaos API");
        assertThat(ScenarioLoaderTest.problems(text).get(0).message()).contains("targets that accept faults: gateway");
    }

    @Test
    @DisplayName("the shipped nginx example's scenario and proxies file load, and agree on the proxy's ports")
    void shippedExample() throws Exception {
        Path example = Path.of("..", "examples", "nginx");
        Scenario s = new ScenarioLoader()
                .load(example.resolve("scenario.yaml"))
                .scenarios()
                .get(0);
        ProxySpec proxy =
                ProxyConfigReader.read(example.resolve("proxies.yaml")).get(0);
        assertThat(s.targets().get(proxy.name())).isEqualTo(URI.create("http://" + proxy.listen()));
        assertThat(s.chaosApi(proxy.name())).contains(URI.create("http://" + proxy.admin()));
        assertThat(proxy.routes().labels())
                .contains(
                        s.chaos().get(0).fault().get("match") instanceof Map<?, ?> m ? (String) m.get("route") : null);
    }

    @Test
    @DisplayName("the mapping form refuses unknown keys, a missing url and a chaos API outside the allow-list")
    void badMappingForm() {
        check(
                minimal(
                        PLAIN,
                        "targets: {gateway: http://127.0.0.1:8080, payments: {url: http://127.0.0.1:9000, "
                                + "chaos_api: http://127.0.0.1:9001}}"),
                "chaos_api",
                "scenarios[0].targets.payments.chaos_api",
                "unknown key 'chaos_api'");
        check(
                minimal(PLAIN, "targets: {gateway: http://127.0.0.1:8080, payments: {chaos: http://127.0.0.1:9001}}"),
                "{chaos",
                "scenarios[0].targets.payments.url",
                "");
        check(
                minimal(
                        PLAIN,
                        "targets: {gateway: http://127.0.0.1:8080, payments: {url: http://127.0.0.1:9000, "
                                + "chaos: http://example.com:9001}}"),
                "http://example.com",
                "scenarios[0].targets.payments.chaos",
                "allow");
    }
}
