package dev.chaoslab.telemetry.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service of a thread: the one it speaks for first, then its Vert.x instance's, as registered at the time. */
@Timeout(30)
class ServiceNamesTest {

    @Test
    @DisplayName(
            "each Vert.x instance's threads get its service; a registration or unregistration counts from the next line on")
    void serviceFollowsTheVertxInstance() throws Exception {
        Vertx gateway = Vertx.vertx();
        Vertx inventory = Vertx.vertx();
        try {
            Context gatewayLoop = gateway.getOrCreateContext();
            Context inventoryLoop = inventory.getOrCreateContext();
            ServiceNames.register(gateway, "gateway-test", true);
            assertThat(on(gatewayLoop, ServiceNames::current)).isEqualTo("gateway-test");
            assertThat(on(inventoryLoop, ServiceNames::current)).isNotEqualTo("gateway-test");

            ServiceNames.register(inventory, "inventory-test", true);
            assertThat(on(gatewayLoop, ServiceNames::current)).isEqualTo("gateway-test");
            assertThat(on(inventoryLoop, ServiceNames::current)).isEqualTo("inventory-test");
            assertThat(on(inventoryLoop, () -> ServiceNames.current(Vertx.currentContext())))
                    .isEqualTo("inventory-test");

            ServiceNames.register(inventory, "inventory-renamed", true);
            assertThat(on(inventoryLoop, ServiceNames::current)).isEqualTo("inventory-renamed");

            ServiceNames.unregister(gateway);
            assertThat(on(gatewayLoop, ServiceNames::current)).isNotEqualTo("gateway-test");
            assertThat(on(inventoryLoop, ServiceNames::current)).isEqualTo("inventory-renamed");
        } finally {
            ServiceNames.unregister(gateway);
            ServiceNames.unregister(inventory);
            gateway.close().await();
            inventory.close().await();
        }
    }

    @Test
    @DisplayName(
            "speaking for a service wins over the Vert.x instance, nests, ends with the call and touches no other thread")
    void speakingForComesFirst() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context loop = vertx.getOrCreateContext();
            ServiceNames.register(vertx, "own-test", true);
            assertThat(on(loop, () -> {
                        String[] seen = new String[3];
                        ServiceNames.speakingFor("outer-test", () -> {
                            seen[0] = ServiceNames.current();
                            ServiceNames.speakingFor("inner-test", () -> seen[1] = ServiceNames.current());
                            seen[2] = ServiceNames.current();
                        });
                        return String.join(",", seen) + "," + ServiceNames.current();
                    }))
                    .isEqualTo("outer-test,inner-test,outer-test,own-test");

            // another thread speaking for a service meanwhile changes nothing on the event loop
            CountDownLatch speaking = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread speaker = new Thread(() -> ServiceNames.speakingFor("speaker-test", () -> {
                speaking.countDown();
                try {
                    done.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            speaker.start();
            assertThat(speaking.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                assertThat(on(loop, ServiceNames::current)).isEqualTo("own-test");
            } finally {
                done.countDown();
                speaker.join();
            }
            assertThat(on(loop, ServiceNames::current)).isEqualTo("own-test");
        } finally {
            ServiceNames.unregister(vertx);
            vertx.close().await();
        }
    }

    private static String on(Context context, Supplier<String> work) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
