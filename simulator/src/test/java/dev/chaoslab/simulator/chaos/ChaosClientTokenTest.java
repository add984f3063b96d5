package dev.chaoslab.simulator.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class ChaosClientTokenTest {
    private static final JsonObject FAULT = new JsonObject()
            .put("type", "error")
            .put("status", 503)
            .put("ttl", "30s")
            .put("labels", new JsonObject().put("run_id", "r-token"));

    private RunningTargets targets;
    private URI payments;

    @BeforeEach
    void start() {
        TargetsConfig config = TargetsConfig.allOnFreePorts()
                .setServices(EnumSet.of(ServiceName.PAYMENTS))
                .setTelemetry(false)
                .setChaos(new ChaosOptions().setToken("s3cret"));
        targets = Targets.start(config).await();
        payments = URI.create(targets.baseUrl(ServiceName.PAYMENTS));
    }

    @AfterEach
    void stop() {
        targets.close().await();
    }

    @Test
    @DisplayName("a target that has a chaos token accepts the simulator's faults only with that token")
    void sendsTheChaosToken(Vertx vertx) {
        ChaosClient without = new ChaosClient(vertx, 3_000, null);
        assertThatThrownBy(() -> without.apply(payments, FAULT).await()).hasMessageContaining("HTTP 401");

        ChaosClient with = new ChaosClient(vertx, 3_000, "s3cret");
        JsonObject stored = with.apply(payments, FAULT).await();
        assertThat(stored.getString("id")).isNotBlank();
        assertThat(with.clearRun(payments, "r-token").await()).isEqualTo(1);
    }
}
