package dev.chaoslab.simulator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

@ExtendWith(VertxExtension.class)
class OpenApiTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName("openapi.yaml documents exactly the routes the router serves")
    void documentMatchesRouter(Vertx vertx, @TempDir Path dir) {
        ReportStore store = ReportStore.open(vertx, dir).await();
        ApiOptions options = new ApiOptions().setPort(0);
        Router router = ApiRouter.create(
                vertx,
                options,
                new RunManager(vertx, new RunManagerOptions(), store, null),
                store,
                new ScenarioLoader(),
                ctx -> ctx.response().end());

        assertThat(documented()).isEqualTo(ApiRouter.routeKeys(router));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented() {
        Map<String, Object> doc =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(ApiRouter.readOpenApi());
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Set<String> keys = new TreeSet<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((path, item) -> item.keySet().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method ->
                        keys.add(method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{([^}]+)}", ":$1"))));
        return keys;
    }
}
