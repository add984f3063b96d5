package dev.chaoslab.telemetry;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * One exchange as Vert.x's metrics SPI hands it to the meters: {@code GET /api/products/SKU-001} from
 * {@code 127.0.0.1:8080} and its 200 response. What the meters' hot loops ({@link HttpMetersCost},
 * {@link MetersEventLoopCost}) feed them, request after request.
 */
final class FakeExchange {

    static final SocketAddress REMOTE = SocketAddress.inetSocketAddress(8080, "127.0.0.1");

    static final HttpRequest REQUEST = new HttpRequest() {
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
            return HttpMethod.GET;
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

    static final HttpResponse OK = new HttpResponse() {
        private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();

        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public MultiMap headers() {
            return headers;
        }
    };

    private FakeExchange() {}
}
