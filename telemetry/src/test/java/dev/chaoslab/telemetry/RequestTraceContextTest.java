package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access log handler keeps a request's trace context for {@link RequestTraceContext#restore} under the Java agent
 * only: a callback that lost the context gets it back there, and nothing is kept (a no-op scope) elsewhere.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestTraceContextTest {

    private static final SpanContext INCOMING = SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    @DisplayName("the handler keeps the context exactly under the Java agent, where the line path is off")
    void keepsTheContextUnderTheAgentOnly() {
        assertThat(AccessLogHandler.of(Instrumentation.AGENT).keepsTraceContext())
                .isTrue();
        assertThat(AccessLogHandler.of(Instrumentation.AGENT).linePath()).isFalse();
        assertThat(AccessLogHandler.of(Instrumentation.SDK).keepsTraceContext()).isFalse();
        assertThat(AccessLogHandler.of(Instrumentation.SDK).linePath()).isTrue();
    }

    @Test
    @DisplayName("under the agent, a callback after the context was lost restores the request's context")
    void agentRestoresTheRequestsContext(Vertx vertx) {
        assertThat(traceIdSeenAfterTimer(vertx, AccessLogHandler.of(Instrumentation.AGENT)))
                .isEqualTo("lost " + SpanContext.getInvalid().getTraceId() + " restored " + INCOMING.getTraceId());
    }

    @Test
    @DisplayName("with Vert.x's tracer nothing is kept: restore() is a no-op scope")
    void sdkKeepsNothing(Vertx vertx) {
        String invalid = SpanContext.getInvalid().getTraceId();
        assertThat(traceIdSeenAfterTimer(vertx, AccessLogHandler.of(Instrumentation.SDK)))
                .isEqualTo("lost " + invalid + " restored " + invalid);
    }

    /**
     * Serves one request whose context is current while the access log handler runs (as the agent's is) and gone in
     * a timer callback; answers the trace ids current there before and inside {@link RequestTraceContext#restore}.
     */
    private static String traceIdSeenAfterTimer(Vertx vertx, AccessLogHandler handler) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            try (Scope ignored = Context.root().with(Span.wrap(INCOMING)).makeCurrent()) {
                ctx.next();
            }
        });
        router.route().handler(handler);
        router.get("/call")
                .handler(ctx -> vertx.setTimer(1, id -> {
                    String lost = Span.current().getSpanContext().getTraceId();
                    String restored;
                    try (Scope ignored = RequestTraceContext.restore(ctx)) {
                        restored = Span.current().getSpanContext().getTraceId();
                    }
                    ctx.response().end("lost " + lost + " restored " + restored);
                }));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await();
        WebClient client = WebClient.create(vertx);
        try {
            return client.get(server.actualPort(), "127.0.0.1", "/call")
                    .send()
                    .map(response -> response.bodyAsString())
                    .await();
        } finally {
            client.close();
            server.close().await();
        }
    }
}
