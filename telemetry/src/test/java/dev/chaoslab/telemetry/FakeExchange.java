package dev.chaoslab.telemetry;

import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * One exchange as Vert.x's metrics SPI hands it to the meters: {@code GET /api/products/SKU-001} from
 * {@code 127.0.0.1:8080} and its 200 response. What the meters' hot loops ({@link HttpMetersCost},
 * {@link MetersEventLoopCost}) feed them, request after
 * request, and the Vert.x metrics they feed it to.
 */
final class FakeExchange {

    static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(8080, "127.0.0.1");

    static final HttpRequest REQUEST = request(HttpMethod.GET);

    static final HttpResponse OK = response(200);

    /** A {@code method} request for {@code /api/products/SKU-001}, as Vert.x's metrics SPI sees one. */
    static HttpRequest request(HttpMethod method) {
        return new HttpRequest() {
            private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

            @Override
            public int id() {
                return 1;
            }

            @Override
            public String uri() {
                return "/api/products/SKU-001";
            }

            @Override
            public String absoluteURI() {
                return "http://127.0.0.1:8080/api/products/SKU-001";
            }

            @Override
            public HttpMethod method() {
                return method;
            }

            @Override
            public MultiMap headers() {
                return headers;
            }

            @Override
            public SocketAddress remoteAddress() {
                return REMOTE;
            }
        };
    }

    /** A response with {@code status}, as Vert.x's metrics SPI sees one. */
    static HttpResponse response(int status) {
        return new HttpResponse() {
            private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public MultiMap headers() {
                return headers;
            }
        };
    }

    /** The Vert.x metrics {@code factory} makes with the services' labels, under a registry name of its own. */
    static VertxMetrics vertxMetrics(VertxMetricsFactory factory) {
        return factory.metrics(new VertxOptions()
                .setMetricsOptions(new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setRegistryName("cost-" + UUID.randomUUID())
                        .setLabels(ServiceTelemetry.DEFAULT_LABELS)));
    }

    private FakeExchange() {}
}
