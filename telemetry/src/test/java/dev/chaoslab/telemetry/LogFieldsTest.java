package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.logging.LogFields;
import dev.chaoslab.telemetry.logging.LogFieldsRegistration;
import dev.chaoslab.telemetry.testing.LogCapture;
import dev.chaoslab.telemetry.testing.OwnContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.junit5.VertxExtension;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.argument.StructuredArguments;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class LogFieldsTest {

    private static final Logger LOG = LoggerFactory.getLogger("test.run");

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    @DisplayName(
            "fields put on a Vert.x context appear on the lines logged from it, also after timers, and on no other")
    void fieldsFollowTheContext(Vertx vertx) {
        try (LogCapture logs = LogCapture.start()) {
            Context run = OwnContext.deploy(vertx).await();
            Context other = OwnContext.deploy(vertx).await();
            LogFields.put(run, "run_id", "r-1");

            run.runOnContext(v -> vertx.setTimer(1, id -> LOG.info("tick of the run")));
            other.runOnContext(v -> LOG.info("unrelated"));
            JsonObject tick = logs.awaitLine(l -> "tick of the run".equals(l.getString("message")))
                    .await();
            JsonObject unrelated = logs.awaitLine(l -> "unrelated".equals(l.getString("message")))
                    .await();

            assertThat(tick.getString("run_id")).isEqualTo("r-1");
            assertThat(unrelated.containsKey("run_id")).isFalse();

            LogFields.remove(run, "run_id");
            run.runOnContext(v -> LOG.info("after the run"));
            assertThat(logs.awaitLine(l -> "after the run".equals(l.getString("message")))
                            .await()
                            .containsKey("run_id"))
                    .isFalse();
        }
    }

    @Test
    @DisplayName("the context-local is registered by a Vert.x service provider, before any Vert.x instance exists")
    void registeredAsVertxServiceProvider() {
        assertThat(ServiceLoader.load(VertxServiceProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(LogFieldsRegistration.class);
    }

    @Test
    @DisplayName("structured arguments become top-level fields of the JSON line")
    void structuredArguments() {
        try (LogCapture logs = LogCapture.start()) {
            LOG.info(
                    "fault applied {}",
                    StructuredArguments.kv("fault_id", "f-9"),
                    StructuredArguments.kv("run_id", "r-2"));

            JsonObject line = logs.awaitLine(l -> "test.run".equals(l.getString("logger")))
                    .await();
            assertThat(line.getString("message")).isEqualTo("fault applied fault_id=f-9");
            assertThat(line.getString("fault_id")).isEqualTo("f-9");
            assertThat(line.getString("run_id")).isEqualTo("r-2");
        }
    }
}
