package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.headers.HeadersAdaptor;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.http.impl.headers.Http2HeadersAdaptor;
import io.vertx.junit5.VertxExtension;
import io.vertx.tracing.opentelemetry.HeadersPropagatorGetter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link HeadersGetter} answers what vertx-opentelemetry's {@link HeadersPropagatorGetter} answers (the first of
 * repeated headers, names in any case) for every header map of vertx-core and for other carriers.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeadersGetterTest {

    private static final HeadersPropagatorGetter VERTX = new HeadersPropagatorGetter();
    private static final List<String> KEYS =
            List.of("traceparent", "TraceParent", "TRACESTATE", "baggage", "Baggage", "absent");

    @Test
    @DisplayName("vertx-core's header maps and a plain list: same values as vertx-opentelemetry's getter")
    void sameAsVertxOpenTelemetry() {
        List<Iterable<Map.Entry<String, String>>> carriers = new ArrayList<>();
        carriers.add(fill(MultiMap.caseInsensitiveMultiMap()));
        carriers.add(fill(HeadersMultiMap.httpHeaders()));
        carriers.add(fill(new HeadersAdaptor(new DefaultHttpHeaders())));
        carriers.add(fill(new Http2HeadersAdaptor(new DefaultHttp2Headers())));
        carriers.add(List.of(
                Map.entry("TraceParent", "first"),
                Map.entry("traceparent", "second"),
                Map.entry("tracestate", "a=1"),
                Map.entry("baggage", "k=v")));
        for (Iterable<Map.Entry<String, String>> carrier : carriers) {
            for (String key : KEYS) {
                assertThat(HeadersGetter.INSTANCE.get(carrier, key))
                        .as("%s in %s", key, carrier.getClass().getSimpleName())
                        .isEqualTo(VERTX.get(carrier, key));
            }
            assertThat(HeadersGetter.INSTANCE.get(carrier, "traceparent")).isEqualTo("first");
            assertThat(lowerCase(HeadersGetter.INSTANCE.keys(carrier))).isEqualTo(lowerCase(VERTX.keys(carrier)));
        }
        assertThat(HeadersGetter.INSTANCE.get(null, "traceparent")).isNull();
    }

    @Test
    @DisplayName("baggage: none, one and two headers extract as under vertx-opentelemetry's getter, none leaves the"
            + " context as it was")
    void baggageAsVertxOpenTelemetry() {
        TextMapPropagator propagator = TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
        ContextKey<String> marker = ContextKey.named("marker");
        Context parent = Context.root().with(marker, "parent");
        List<List<Map.Entry<String, String>>> headerSets = List.of(
                List.of(),
                List.of(Map.entry("baggage", "user=alice,tier=gold")),
                List.of(Map.entry("Baggage", "user=alice"), Map.entry("baggage", "tier=gold")),
                List.of(Map.entry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));
        List<String> firstUsers = new ArrayList<>();
        for (List<Map.Entry<String, String>> headers : headerSets) {
            MultiMap vertxMap = MultiMap.caseInsensitiveMultiMap();
            headers.forEach(header -> vertxMap.add(header.getKey(), header.getValue()));
            Iterable<Map.Entry<String, String>> custom = new Carrier(headers);
            for (Iterable<Map.Entry<String, String>> carrier : List.of(vertxMap, custom)) {
                Context ours = propagator.extract(parent, carrier, HeadersGetter.INSTANCE);
                Context theirs = propagator.extract(parent, carrier, VERTX);
                String what = headers + " in " + carrier.getClass().getSimpleName();
                assertThat(Baggage.fromContext(ours).asMap())
                        .as(what)
                        .isEqualTo(Baggage.fromContext(theirs).asMap());
                assertThat(ours.get(marker)).as(what + ": continues the parent").isEqualTo("parent");
                if (headers.stream().noneMatch(header -> header.getKey().equalsIgnoreCase("baggage"))) {
                    assertThat(HeadersGetter.INSTANCE.getAll(carrier, "baggage"))
                            .as(what)
                            .isNull();
                    if (headers.isEmpty()) {
                        assertThat(ours).as(what + ": the context as it was").isSameAs(parent);
                    }
                } else {
                    firstUsers.add(Baggage.fromContext(ours).getEntryValue("user") + "/"
                            + Baggage.fromContext(ours).getEntryValue("tier"));
                }
            }
        }
        assertThat(firstUsers)
                .as("one header: both entries; two: the first header's alone, as vertx-opentelemetry reads it")
                .containsExactly("alice/gold", "alice/gold", "alice/null", "alice/null");
    }

    @Test
    @DisplayName("getAll answers the first value, in any case, or null, for Vert.x's maps and other carriers")
    void getAllFirstOrNull() {
        List<Iterable<Map.Entry<String, String>>> carriers = List.of(
                fill(MultiMap.caseInsensitiveMultiMap()),
                fill(new HeadersAdaptor(new DefaultHttpHeaders())),
                new Carrier(List.of(Map.entry("Baggage", "k=v"), Map.entry("baggage", "k2=v2"))));
        for (Iterable<Map.Entry<String, String>> carrier : carriers) {
            Iterator<String> values = HeadersGetter.INSTANCE.getAll(carrier, "BAGGAGE");
            assertThat(values)
                    .as(carrier.getClass().getSimpleName())
                    .toIterable()
                    .containsExactly("k=v");
            assertThat(HeadersGetter.INSTANCE.getAll(carrier, "absent")).isNull();
        }
        assertThat(HeadersGetter.INSTANCE.getAll(null, "baggage")).isNull();
    }

    /** A carrier that is neither a Vert.x map nor a collection: headers read by iteration alone. */
    private record Carrier(List<Map.Entry<String, String>> headers) implements Iterable<Map.Entry<String, String>> {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            return headers.iterator();
        }
    }

    @Test
    @DisplayName("a header sent twice in mixed case reads as its first value on a real HTTP/1.1 server request")
    void repeatedHeaderOnARealRequest(Vertx vertx) {
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> {
                    MultiMap headers = request.headers();
                    List<String> answers = new ArrayList<>();
                    for (String key : KEYS) {
                        answers.add(HeadersGetter.INSTANCE.get(headers, key) + "|" + VERTX.get(headers, key));
                    }
                    request.response().end(String.join(",", answers));
                })
                .listen(0, "127.0.0.1")
                .await();
        HttpClient client = vertx.createHttpClient();
        try {
            String answer = client.request(new RequestOptions()
                            .setMethod(HttpMethod.GET)
                            .setHost("127.0.0.1")
                            .setPort(server.actualPort())
                            .setURI("/")
                            .addHeader("TraceParent", "first")
                            .addHeader("traceparent", "second")
                            .addHeader("tracestate", "a=1")
                            .addHeader("baggage", "k=v"))
                    .compose(request -> request.send())
                    .compose(response -> response.body())
                    .map(Object::toString)
                    .await();
            assertThat(answer).isEqualTo("first|first,first|first,a=1|a=1,k=v|k=v,k=v|k=v,null|null");
        } finally {
            client.close().await();
            server.close().await();
        }
    }

    private static MultiMap fill(MultiMap headers) {
        return headers.add("TraceParent", "first")
                .add("traceparent", "second")
                .add("tracestate", "a=1")
                .add("baggage", "k=v");
    }

    private static Set<String> lowerCase(Iterable<String> keys) {
        Set<String> lower = new TreeSet<>();
        for (String key : keys) {
            lower.add(key.toLowerCase(Locale.ROOT));
        }
        return lower;
    }
}
