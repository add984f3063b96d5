package dev.chaoslab.simulator.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook receiver on loopback: what it records, what it refuses and how, and how much it keeps. */
@ExtendWith(VertxExtension.class)
class AlertmanagerWebhookTest {

    private static JsonObject payload(String receiver, String alertname) {
        return new JsonObject()
                .put("version", "4")
                .put("receiver", receiver)
                .put("status", "firing")
                .put("groupKey", "{}:{alertname=\"" + alertname + "\"}")
                .put("groupLabels", new JsonObject().put("alertname", alertname))
                .put(
                        "alerts",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("status", "firing")
                                        .put("labels", new JsonObject().put("alertname", alertname))
                                        .put("annotations", new JsonObject())
                                        .put("startsAt", "2026-12-06T17:00:00Z")));
    }

    private static HttpResponse<Buffer> send(
            WebClient client, int port, HttpMethod method, String path, String contentType, Buffer body) {
        var request = client.request(method, port, "127.0.0.1", path);
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        return (body == null ? request.send() : request.sendBuffer(body)).await();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName(
            "hostile requests get a 4xx with a JSON error and are not recorded: method 405, content type 415, size 413,"
                    + " path 404, null or mistyped alerts 400; never a 500")
    void refusesHostileInput(Vertx vertx) {
        AlertmanagerWebhook webhook = AlertmanagerWebhook.start(vertx, "127.0.0.1", 0, Clock.systemUTC())
                .await();
        WebClient client = WebClient.create(vertx);
        int port = webhook.port();
        Buffer good = payload("pager", "A").toBuffer();
        List<Object[]> cases = List.of(
                new Object[] {HttpMethod.GET, "/alertmanager/pager", null, null, 405},
                new Object[] {HttpMethod.PUT, "/alertmanager/pager", "application/json", good, 405},
                new Object[] {HttpMethod.POST, "/alertmanager/pager", "text/plain", good, 415},
                new Object[] {HttpMethod.POST, "/elsewhere", "application/json", good, 404},
                new Object[] {
                    HttpMethod.POST,
                    "/alertmanager/pager",
                    "application/json",
                    Buffer.buffer("{\"x\":\"" + "a".repeat((int) AlertmanagerWebhook.MAX_BODY_BYTES) + "\"}"),
                    413
                },
                new Object[] {
                    HttpMethod.POST,
                    "/alertmanager/pager",
                    "application/json",
                    payload("pager", "A")
                            .put("alerts", new JsonArray().addNull())
                            .toBuffer(),
                    400
                },
                new Object[] {
                    HttpMethod.POST,
                    "/alertmanager/pager",
                    "application/json",
                    payload("pager", "A")
                            .put("alerts", new JsonArray().add("x"))
                            .toBuffer(),
                    400
                },
                new Object[] {
                    HttpMethod.POST,
                    "/alertmanager/pager",
                    "application/json",
                    payload("pager", "A").put("receiver", 7).toBuffer(),
                    400
                },
                new Object[] {HttpMethod.POST, "/alertmanager/pager", "application/json", Buffer.buffer("[1]"), 400},
                new Object[] {HttpMethod.POST, "/alertmanager/pager", "application/json", Buffer.buffer(""), 400});
        for (Object[] c : cases) {
            HttpResponse<Buffer> answer =
                    send(client, port, (HttpMethod) c[0], (String) c[1], (String) c[2], (Buffer) c[3]);
            String what = c[0] + " " + c[1] + " " + c[2];
            assertThat(answer.statusCode()).as(what).isEqualTo((int) c[4]);
            assertThat(answer.getHeader("content-type")).as(what).startsWith("application/json");
            assertThat(answer.bodyAsJsonObject().getString("error")).as(what).isNotBlank();
        }
        assertThat(webhook.notifications()).isEmpty();

        HttpResponse<Buffer> ok = send(client, port, HttpMethod.POST, "/alertmanager/pager", "application/json", good);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(webhook.notifications()).singleElement().satisfies(n -> {
            assertThat(n.receiver()).isEqualTo("pager");
            assertThat(n.groupLabels()).containsEntry("alertname", "A");
        });
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("it keeps the latest notifications up to its capacity, dropping the oldest first")
    void bounded(Vertx vertx) {
        AlertmanagerWebhook webhook = AlertmanagerWebhook.start(vertx, "127.0.0.1", 0, Clock.systemUTC(), 3)
                .await();
        WebClient client = WebClient.create(vertx);
        for (String name : List.of("A", "B", "C", "D", "E")) {
            assertThat(send(
                                    client,
                                    webhook.port(),
                                    HttpMethod.POST,
                                    "/alertmanager/chat",
                                    "application/json",
                                    payload("chat", name).toBuffer())
                            .statusCode())
                    .isEqualTo(200);
        }
        assertThat(webhook.notifications())
                .extracting(n -> n.groupLabels().get("alertname"))
                .containsExactly("C", "D", "E");
    }
}
