package dev.chaoslab.targets.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.targets.RunningTargets;
import dev.chaoslab.targets.ServiceName;
import dev.chaoslab.targets.Targets;
import dev.chaoslab.targets.TargetsConfig;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shop's services cut off a client that sends its request head a byte at a time (the read deadlines). */
@ExtendWith(VertxExtension.class)
class SlowClientTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a request head dribbled a byte per 500 ms, never idle, is closed without an answer")
    void dribbledHeadIsClosed(Vertx vertx) {
        RunningTargets targets =
                Targets.start(TargetsConfig.allOnFreePorts().setSeed(1L)).await();
        try {
            int port = URI.create(targets.baseUrl(ServiceName.INVENTORY)).getPort();
            NetSocket socket =
                    vertx.createNetClient().connect(port, "127.0.0.1").await();
            StringBuilder received = new StringBuilder();
            Promise<Void> closed = Promise.promise();
            socket.handler(b -> received.append(b.toString()));
            socket.closeHandler(v -> closed.tryComplete());
            socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await();
            // far more bytes than the head deadline lets through at this pace: the close comes first
            long timer = vertx.setPeriodic(500, id -> socket.write("a"));
            closed.future().await();
            vertx.cancelTimer(timer);
            assertThat(received.toString()).isEmpty();
        } finally {
            targets.close().await();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a shorter head deadline from the configuration applies: a silent connection is closed long before "
            + "the default one would close it")
    void configuredHeadDeadline(Vertx vertx) {
        RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts()
                        .setServices(EnumSet.of(ServiceName.INVENTORY))
                        .setReadHeadTimeoutMs(300))
                .await();
        try {
            int port = URI.create(targets.baseUrl(ServiceName.INVENTORY)).getPort();
            NetSocket socket =
                    vertx.createNetClient().connect(port, "127.0.0.1").await();
            Promise<Void> closed = Promise.promise();
            socket.closeHandler(v -> closed.tryComplete());
            // 8 s: beyond any scheduling delay of a 300 ms deadline, short of the default 10 s one
            long late = vertx.setTimer(8_000, id -> closed.tryFail("the silent connection was still open after 8 s"));
            closed.future().await();
            vertx.cancelTimer(late);
        } finally {
            targets.close().await();
        }
    }
}
