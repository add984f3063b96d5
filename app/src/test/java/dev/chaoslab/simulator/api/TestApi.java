package dev.chaoslab.simulator.api;

import dev.chaoslab.simulator.alerts.AlertCheck;
import dev.chaoslab.simulator.report.ReportStore;
import dev.chaoslab.simulator.run.RunManager;
import dev.chaoslab.simulator.run.RunManagerOptions;
import dev.chaoslab.simulator.scenario.ScenarioLoader;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** The REST API for tests as {@code serve} wires it: a report store, a run manager and the real router. */
public final class TestApi {

    private TestApi() {}

    /**
     * Deploys the API with {@code options} on {@code vertx}, reports under {@code dataDir}, alerts checked by
     * {@code alertCheck} (null: not checked), an empty {@code /metrics}; fails as the deployment fails.
     */
    public static ApiVerticle deploy(Vertx vertx, ApiOptions options, Path dataDir, AlertCheck alertCheck) {
        ReportStore store = ReportStore.open(vertx, dataDir).await();
        RunManager runs = new RunManager(vertx, new RunManagerOptions(), store, alertCheck);
        ApiVerticle api = new ApiVerticle(
                options,
                v -> ApiRouter.create(
                        v,
                        options,
                        runs,
                        store,
                        new ScenarioLoader(),
                        ctx -> ctx.response().end()));
        vertx.deployVerticle(api).await();
        return api;
    }
}
