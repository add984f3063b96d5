package dev.chaoslab.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.chaos.support.Http;
import dev.chaoslab.telemetry.testing.LogCapture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetsTest {

    @Test
    @DisplayName("services started separately (as one per process) find each other through their URLs")
    void onePerProcess(Vertx vertx) {
        List<RunningTargets> started = new ArrayList<>();
        try (Http http = new Http(vertx)) {
            RunningTargets leaves = Http.await(Targets.start(TargetsConfig.allOnFreePorts()
                    .setServices(EnumSet.of(ServiceName.INVENTORY, ServiceName.PAYMENTS))));
            started.add(leaves);
            RunningTargets orders = Http.await(Targets.start(TargetsConfig.allOnFreePorts()
                    .setServices(EnumSet.of(ServiceName.ORDERS))
                    .setUrl(ServiceName.INVENTORY, leaves.baseUrl(ServiceName.INVENTORY))
                    .setUrl(ServiceName.PAYMENTS, leaves.baseUrl(ServiceName.PAYMENTS))));
            started.add(orders);
            RunningTargets gateway = Http.await(Targets.start(TargetsConfig.allOnFreePorts()
                    .setServices(EnumSet.of(ServiceName.GATEWAY))
                    .setUrl(ServiceName.ORDERS, orders.baseUrl(ServiceName.ORDERS))
                    .setUrl(ServiceName.INVENTORY, leaves.baseUrl(ServiceName.INVENTORY))));
            started.add(gateway);

            HttpResponse<Buffer> created = http.post(
                    gateway.baseUrl(ServiceName.GATEWAY) + "/api/orders",
                    new JsonObject()
                            .put("customerId", "c-9")
                            .put(
                                    "items",
                                    new JsonArray()
                                            .add(new JsonObject()
                                                    .put("sku", "SKU-050")
                                                    .put("quantity", 3))));

            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            assertThat(gateway.baseUrls()).containsOnlyKeys("gateway");
        } finally {
            started.forEach(t -> Http.await(t.close()));
        }
    }

    @Test
    @DisplayName("a port already in use fails the start with the service and address, and stops what had started")
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Future<RunningTargets> start =
                    Targets.start(TargetsConfig.allOnFreePorts().setPort(ServiceName.ORDERS, taken.getLocalPort()));

            Throwable failure = Http.failure(start);

            assertThat(failure)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("orders could not start on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    @DisplayName("started from a Vert.x event loop, the services get Vert.x instances of their own without Vert.x's "
            + "'already on a Vert.x context' warning, and the caller hears back on its own context")
    void startFromAnEventLoop(Vertx vertx) {
        try (LogCapture logs = LogCapture.start()) {
            Context caller = vertx.getOrCreateContext();
            Promise<RunningTargets> started = Promise.promise();
            AtomicReference<Context> completedOn = new AtomicReference<>();
            caller.runOnContext(
                    v -> Targets.start(TargetsConfig.allOnFreePorts()).onComplete(result -> {
                        completedOn.set(Vertx.currentContext());
                        started.handle(result);
                    }));
            RunningTargets targets = Http.await(started.future());
            try {
                assertThat(logs.lines(l -> "io.vertx.core.impl.VertxImpl".equals(l.getString("logger"))))
                        .isEmpty();
                assertThat(completedOn.get()).isSameAs(caller);
                assertThat(targets.baseUrls()).containsOnlyKeys("inventory", "payments", "orders", "gateway");
            } finally {
                Http.await(targets.close());
            }
        }
    }
}
