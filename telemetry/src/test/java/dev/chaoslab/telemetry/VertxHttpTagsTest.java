package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaoslab.telemetry.VertxHttpTags.Kind;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link VertxHttpTags} sets exactly the attributes {@link TagKeys} sets from Vert.x's own HTTP tag extractors but a
 * server request's deprecated {@code http.url}, taken from a real loopback exchange (with and without a query, 200
 * and 503, every request form), and leaves any other extractor to {@link TagKeys}.
 */
class VertxHttpTagsTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite())) // none: spans do not record
            .build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    /** One tracer call: the request or response and the extractor Vert.x gave with it. */
    private record Call(String event, Object object, TagExtractor<Object> tags) {}

    @Test
    @DisplayName("Vert.x's four HTTP extractors are recognised and give TagKeys' attributes, queries and statuses too")
    void sameAttributesAsTagKeys() {
        List<Call> calls = exchange(List.of("/items/7?color=red&size=2", "/items/8", "/fail"));
        assertThat(calls).extracting(Call::event).contains("receiveRequest", "sendRequest", "sendResponse");
        for (Call call : calls) {
            Kind expected = switch (call.event()) {
                case "receiveRequest" -> Kind.SERVER_REQUEST;
                case "sendRequest" -> Kind.CLIENT_REQUEST;
                default -> Kind.RESPONSE;
            };
            assertThat(VertxHttpTags.kind(call.tags())).as(call.event()).isEqualTo(expected);
            Attributes generic;
            Attributes fast;
            if (expected == Kind.RESPONSE) {
                int status = HttpSpanStatus.statusCode(call.object(), call.tags());
                generic = ended(span -> TagKeys.setAll(span, call.object(), call.tags()));
                fast = ended(span -> VertxHttpTags.setResponseTags(span, call.object(), status, call.tags()));
            } else {
                generic = withoutHttpUrl(started(builder -> TagKeys.setAll(builder, call.object(), call.tags(), null)));
                fast = started(builder -> VertxHttpTags.setRequestTags(builder, call.object(), call.tags()));
            }
            assertThat(fast.asMap()).as(call.event()).isEqualTo(generic.asMap());
        }
        List<String> seen = new ArrayList<>();
        for (Call call : calls) {
            if (call.event().equals("receiveRequest")) {
                seen.add(started(builder -> VertxHttpTags.setRequestTags(builder, call.object(), call.tags()))
                        .get(VertxHttpTags.URL_QUERY));
            }
        }
        assertThat(seen).containsExactly("color=red&size=2", null, null);
        assertThat(calls)
                .filteredOn(call -> call.event().equals("sendResponse"))
                .extracting(call -> ended(span -> VertxHttpTags.setResponseTags(
                                span,
                                call.object(),
                                HttpSpanStatus.statusCode(call.object(), call.tags()),
                                call.tags()))
                        .get(VertxHttpTags.HTTP_RESPONSE_STATUS_CODE))
                .contains("200", "503");
    }

    @Test
    @DisplayName("a server request of every form (Host with and without port, absolute-form, *, no Host, IPv6) gets"
            + " TagKeys' attributes but the deprecated http.url")
    void everyRequestFormWithoutHttpUrl() {
        List<Call> calls = rawExchange(List.of(
                "GET /raw/a?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "GET /raw/b HTTP/1.1\r\nHost: example.com:80\r\n\r\n",
                "GET /raw/c HTTP/1.1\r\nHost: example.com:8443\r\n\r\n",
                "GET http://other.example:8081/raw/d HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "GET /raw/f HTTP/1.0\r\n\r\n",
                "GET /raw/g HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"));
        List<Call> requests = calls.stream()
                .filter(call -> call.event().equals("receiveRequest"))
                .toList();
        assertThat(requests).hasSize(7);
        for (Call call : requests) {
            String uri = ((HttpServerRequest) call.object()).uri();
            Attributes generic = started(builder -> TagKeys.setAll(builder, call.object(), call.tags(), null));
            Attributes fast = started(builder -> VertxHttpTags.setRequestTags(builder, call.object(), call.tags()));
            assertThat(fast.asMap()).as(uri).isEqualTo(withoutHttpUrl(generic).asMap());
        }
    }

    @Test
    @DisplayName("setRequestTags answers the url.path it set, from any extractor: the last value that is not null")
    void answersThePath() {
        List<String> names = List.of("url.path", "url.path", "url.path", "url.scheme");
        List<String> values = new ArrayList<>(List.of("/first", "/health", "", "http"));
        values.set(2, null);
        TagExtractor<Object> repeated = new TagExtractor<>() {
            @Override
            public int len(Object object) {
                return names.size();
            }

            @Override
            public String name(Object object, int index) {
                return names.get(index);
            }

            @Override
            public String value(Object object, int index) {
                return values.get(index);
            }
        };
        String[] answered = new String[1];
        Attributes attributes =
                started(builder -> answered[0] = VertxHttpTags.setRequestTags(builder, "request", repeated));
        assertThat(answered[0]).isEqualTo("/health").isEqualTo(attributes.get(VertxHttpTags.URL_PATH));
        TagExtractor<Object> none = new TagExtractor<>() {};
        assertThat(started(builder -> answered[0] = VertxHttpTags.setRequestTags(builder, "request", none)))
                .isEqualTo(Attributes.empty());
        assertThat(answered[0]).isNull();
    }

    @Test
    @DisplayName("an extractor of another class with Vert.x's tag names keeps the generic path")
    void lookAlikeIsNotVertxs() {
        TagExtractor<Object> lookAlike = new TagExtractor<>() {
            @Override
            public int len(Object object) {
                return 2;
            }

            @Override
            public String name(Object object, int index) {
                return List.of("url.full", "http.request.method").get(index);
            }

            @Override
            public String value(Object object, int index) {
                return "made up " + index;
            }
        };
        assertThat(VertxHttpTags.kind(lookAlike)).isEqualTo(Kind.OTHER);
        assertThat(VertxHttpTags.kind(null)).isEqualTo(Kind.OTHER);
        Attributes attributes = started(builder -> VertxHttpTags.setRequestTags(builder, "request", lookAlike));
        assertThat(attributes.get(VertxHttpTags.URL_FULL)).isEqualTo("made up 0");
    }

    @Test
    @DisplayName("Vert.x's four extractors are read once and found by identity; past the map's bound every verdict"
            + " stays right")
    void manyExtractors() {
        assertThat(VertxHttpTags.vertxExtractorsResolved()).isTrue();
        List<TagExtractor<Object>> others = new ArrayList<>();
        for (int i = 0; i < 2 * VertxHttpTags.MAX_EXTRACTORS; i++) {
            others.add(new TagExtractor<>() {});
        }
        for (int pass = 0; pass < 2; pass++) {
            for (TagExtractor<Object> other : others) {
                assertThat(VertxHttpTags.kind(other)).isEqualTo(Kind.OTHER);
            }
        }
        for (Call call : exchange(List.of("/items/9"))) {
            for (int pass = 0; pass < 2; pass++) {
                assertThat(VertxHttpTags.kind(call.tags()))
                        .as(call.event())
                        .isEqualTo(
                                switch (call.event()) {
                                    case "receiveRequest" -> Kind.SERVER_REQUEST;
                                    case "sendRequest" -> Kind.CLIENT_REQUEST;
                                    default -> Kind.RESPONSE;
                                });
            }
        }
    }

    @Test
    @DisplayName("status strings are Integer.toString's, cached or not")
    void statusCodes() {
        for (int status : new int[] {0, 99, 100, 200, 404, 503, 599, 600, 999, -1}) {
            assertThat(VertxHttpTags.statusCode(status)).isEqualTo(Integer.toString(status));
        }
        assertThat(VertxHttpTags.statusCode(200)).isSameAs(VertxHttpTags.statusCode(200));
    }

    /** {@code attributes} but the deprecated {@code http.url}, which only a server request's extractor names. */
    private static Attributes withoutHttpUrl(Attributes attributes) {
        return attributes.toBuilder().remove(VertxHttpTags.HTTP_URL).build();
    }

    private Attributes started(Consumer<SpanBuilder> tags) {
        SpanBuilder builder = tracer.spanBuilder("test").setNoParent();
        tags.accept(builder);
        Span span = builder.startSpan();
        span.end();
        return ((ReadableSpan) span).toSpanData().getAttributes();
    }

    private Attributes ended(Consumer<Span> tags) {
        Span span = tracer.spanBuilder("test").setNoParent().startSpan();
        tags.accept(span);
        span.end();
        return ((ReadableSpan) span).toSpanData().getAttributes();
    }

    /** A Vert.x instance whose tracer keeps its calls in {@code calls}. */
    private static Vertx recordingVertx(List<Call> calls) {
        return Vertx.builder()
                .with(new VertxOptions().setTracingOptions(new TracingOptions()))
                .withTracer(options -> new Recording(calls))
                .build();
    }

    /** Calls each of {@code paths} on a loopback server through a Vert.x client, keeping the tracer's calls. */
    private static List<Call> exchange(List<String> paths) {
        List<Call> calls = new ArrayList<>();
        Vertx vertx = recordingVertx(calls);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.response()
                            .setStatusCode(request.path().equals("/fail") ? 503 : 200)
                            .end())
                    .listen(0, "127.0.0.1")
                    .await();
            HttpClient client = vertx.createHttpClient();
            for (String path : paths) {
                client.request(new RequestOptions()
                                .setMethod(HttpMethod.GET)
                                .setHost("127.0.0.1")
                                .setPort(server.actualPort())
                                .setURI(path))
                        .compose(request -> request.send())
                        .compose(response -> response.body())
                        .await();
            }
        } finally {
            vertx.close().await();
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Sends each of {@code requests}, raw, on its own connection to a loopback server, keeping the tracer's calls. */
    private static List<Call> rawExchange(List<String> requests) {
        List<Call> calls = new ArrayList<>();
        Vertx vertx = recordingVertx(calls);
        try {
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(request -> request.response().end())
                    .listen(0, "127.0.0.1")
                    .await();
            NetClient client = vertx.createNetClient();
            for (String request : requests) {
                NetSocket socket =
                        client.connect(server.actualPort(), "127.0.0.1").await();
                Promise<Void> answered = Promise.promise();
                socket.handler(bytes -> answered.tryComplete());
                socket.write(request).await();
                answered.future().await();
                socket.close().await();
            }
        } finally {
            vertx.close().await();
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Keeps every call's object and extractor; makes no spans. */
    private record Recording(List<Call> calls) implements VertxTracer<Object, Object> {

        @SuppressWarnings("unchecked")
        private void keep(String event, Object object, TagExtractor<?> tags) {
            synchronized (calls) {
                calls.add(new Call(event, object, (TagExtractor<Object>) tags));
            }
        }

        @Override
        public <R> Object receiveRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                Iterable<Map.Entry<String, String>> headers,
                TagExtractor<R> tagExtractor) {
            keep("receiveRequest", request, tagExtractor);
            return "server";
        }

        @Override
        public <R> void sendResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            keep("sendResponse", response, tagExtractor);
        }

        @Override
        public <R> Object sendRequest(
                Context context,
                SpanKind kind,
                TracingPolicy policy,
                R request,
                String operation,
                BiConsumer<String, String> headers,
                TagExtractor<R> tagExtractor) {
            keep("sendRequest", request, tagExtractor);
            return "client";
        }

        @Override
        public <R> void receiveResponse(
                Context context, R response, Object payload, Throwable failure, TagExtractor<R> tagExtractor) {
            keep("receiveResponse", response, tagExtractor);
        }
    }
}
