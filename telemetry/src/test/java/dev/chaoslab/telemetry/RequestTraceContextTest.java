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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The access log handler, installed under the Java agent only, keeps a request's trace context for
 * {@link RequestTraceContext#restore}: a callback that lost the context gets it back there, and nothing is kept (a no-op scope) elsewhere.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestTraceContextTest {

    private static final SpanContext INCOMING = SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    @DisplayName("a router gets the access log handler, which keeps the context, under the Java agent only")
    void installsTheHandlerUnderTheAgentOnly(Vertx vertx) {
        Router agent = Router.router(vertx);
        Router sdk = Router.router(vertx);
        Router off = Router.router(vertx);
        installed(telemetry("agent"), agent);
        installed(telemetry("sdk"), sdk);
        installed(TelemetryOptions.disabled("ctx-off"), off);
        assertThat(agent.getRoutes()).hasSize(1);
        assertThat(sdk.getRoutes()).isEmpty();
        assertThat(off.getRoutes()).isEmpty();
    }

    @Test
    @DisplayName("under the agent, a callback after the context was lost restores the request's context")
    void agentRestoresTheRequestsContext(Vertx vertx) {
        assertThat(traceIdSeenAfterTimer(vertx, telemetry("agent")))
                .isEqualTo("lost " + SpanContext.getInvalid().getTraceId() + " restored " + INCOMING.getTraceId());
    }

    @Test
    @DisplayName("with Vert.x's tracer nothing is kept: restore() is a no-op scope")
    void sdkKeepsNothing(Vertx vertx) {
        String invalid = SpanContext.getInvalid().getTraceId();
        assertThat(traceIdSeenAfterTimer(vertx, telemetry("sdk")))
                .isEqualTo("lost " + invalid + " restored " + invalid);
    }

    private static void installed(TelemetryOptions options, Router router) {
        try (ServiceTelemetry telemetry = ServiceTelemetry.create(options)) {
            telemetry.installAccessLog(router);
        }
    }

    private static TelemetryOptions telemetry(String instrumentation) {
        return TelemetryOptions.fromEnvInSharedProcess("ctx-" + instrumentation)
                .withEnv(Map.of(Instrumentation.VARIABLE, instrumentation));
    }

    /**
     * Serves one request whose context is current while the access log handler runs (as the agent's is) and gone in
     * a timer callback; answers the trace ids current there before and inside {@link RequestTraceContext#restore}.
     */
    private static String traceIdSeenAfterTimer(Vertx vertx, TelemetryOptions options) {
        ServiceTelemetry telemetry = ServiceTelemetry.create(options);
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            try (Scope ignored = Context.root().with(Span.wrap(INCOMING)).makeCurrent()) {
                ctx.next();
            }
        });
        telemetry.installAccessLog(router);
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
            telemetry.close();
        }
    }
}
