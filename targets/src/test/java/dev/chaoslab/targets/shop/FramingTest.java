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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ambiguous request framing on the shop's services: answered, then the connection is closed (RFC 9112 §6.1). */
@ExtendWith(VertxExtension.class)
class FramingTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("a request with both Content-Length and Transfer-Encoding is answered and its connection closed")
    void contentLengthWithTransferEncodingCloses(Vertx vertx) {
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
            socket.write("POST /chaos/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
                    .await();
            closed.future().await();
            assertThat(received.toString()).startsWith("HTTP/1.1 4").containsIgnoringCase("connection: close");
        } finally {
            targets.close().await();
        }
    }
}
