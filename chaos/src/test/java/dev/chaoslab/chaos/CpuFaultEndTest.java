package dev.chaoslab.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A CPU fault's queued work ends with the fault: the host recovers when the fault does. */
@ExtendWith(VertxExtension.class)
class CpuFaultEndTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("burns still queued when a cpu fault is removed are dropped; every request is still answered")
    void queuedBurnsDroppedWhenTheFaultEnds(Vertx vertx) {
        ChaosTestServer server =
                ChaosTestServer.start(vertx, new ChaosOptions().setCpuWorkers(1), 1, System::currentTimeMillis);
        WebClient client = WebClient.create(vertx);
        try {
            HttpResponse<Buffer> added = client.postAbs(server.url("/chaos/faults"))
                    .sendJsonObject(
                            new JsonObject().put("type", "cpu").put("ttl", "1m").put("cpuMs", 100))
                    .await();
            String id = added.bodyAsJsonObject().getString("id");
            CpuFault.Behaviour cpu =
                    (CpuFault.Behaviour) server.engine.get(id).orElseThrow().behaviour();
            int n = 12;
            List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                requests.add(client.getAbs(server.url("/work")).send());
            }
            Future.any(requests).await();
            assertThat(client.deleteAbs(server.url("/chaos/faults/" + id))
                            .send()
                            .await()
                            .statusCode())
                    .isEqualTo(204);
            Future.all(requests).await();

            assertThat(requests)
                    .allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(200));
            assertThat(cpu.burned() + cpu.dropped()).isEqualTo(n);
            assertThat(cpu.dropped())
                    .as("burns left in the queue when the fault ended")
                    .isPositive();
        } finally {
            client.close();
            server.close().await();
        }
    }
}
