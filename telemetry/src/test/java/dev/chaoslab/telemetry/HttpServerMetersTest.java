package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class HttpServerMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpServerMeters meters = new HttpServerMeters(registry);

    @Test
    void aRoutesMetersAreFoundOnceAndRecordIntoItsSeriesPerCode() {
        HttpServerMeters.RouteMeters route = meters.method("GET").route("/items/:id");

        assertThat(meters.method("GET").route("/items/:id")).isSameAs(route);
        assertThat(route.spanName).isEqualTo("GET /items/:id");
        route.response(200).record(1_000_000, 10);
        route.response(200).record(3_000_000, 30);
        route.response(404).record(1_000_000, 5);
        meters.method("GET").unrouted.response(404).record(1_000_000, 7);

        assertThat(count("GET", "/items/:id", "200")).isEqualTo(2);
        assertThat(count("GET", "/items/:id", "404")).isEqualTo(1);
        assertThat(count("GET", "", "404")).isEqualTo(1);
        assertThat(registry.get(HttpServerMeters.RESPONSE_BYTES)
                        .tags("method", "GET", "route", "/items/:id", "code", "200")
                        .summary()
                        .totalAmount())
                .isEqualTo(40);
        assertThat(meters.response("GET", "/items/:id", 200)).isSameAs(route.response(200));
    }

    @Test
    void routesBeyondTheBoundStillRecordIntoTheirOwnSeries() {
        for (int i = 0; i < HttpServerMeters.MAX_CACHED_ROUTES; i++) {
            meters.method("POST").route("/r" + i);
        }
        HttpServerMeters.RouteMeters beyond = meters.method("POST").route("/beyond");

        assertThat(meters.method("POST").route("/beyond")).isNotSameAs(beyond);
        beyond.response(201).record(1_000_000, 1);
        meters.method("POST").route("/beyond").response(201).record(1_000_000, 1);

        assertThat(count("POST", "/beyond", "201")).isEqualTo(2);
    }

    @Test
    void aMethodConstantFindsTheMetersOfItsName() {
        HttpServerMeters.MethodMeters get = meters.method(HttpMethod.GET);

        assertThat(meters.method(HttpMethod.GET)).isSameAs(get).isSameAs(meters.method("GET"));
        assertThat(get.method).isEqualTo("GET");
        HttpMethod custom = HttpMethod.valueOf("PURGE");
        assertThat(HttpServerMeters.isConstant(custom)).isFalse();
        assertThat(meters.method(custom)).isSameAs(meters.method("PURGE"));
        assertThat(meters.method(HttpMethod.valueOf("PURGE"))).isSameAs(meters.method("PURGE"));
    }

    @Test
    void aRouteNamedByTheSameStringAgainFindsTheSameMetersAsByItsText() {
        String name = "/items/:id";
        HttpServerMeters.RouteMeters byName = meters.method("GET").routeNamed(name);

        assertThat(meters.method("GET").routeNamed(name)).isSameAs(byName);
        assertThat(meters.method("GET").routeNamed(new String(name))).isSameAs(byName);
        assertThat(meters.method("GET").route(name)).isSameAs(byName);
        assertThat(meters.method("GET").routeNamed("")).isSameAs(meters.method("GET").unrouted);
        assertThat(meters.method("POST").routeNamed(name)).isNotSameAs(byName);
    }

    @Test
    void routeNamesBeyondTheBoundAreStillFoundByTheirText() {
        for (int i = 0; i < HttpServerMeters.MAX_ROUTE_NAMES + 3; i++) {
            String name = "/r" + i;
            HttpServerMeters.RouteMeters route = meters.method("GET").routeNamed(name);
            assertThat(meters.method("GET").routeNamed(name)).isSameAs(route);
            assertThat(route.route).isEqualTo(name);
        }
    }

    private double count(String method, String route, String code) {
        return registry.get(HttpServerMeters.REQUESTS)
                .tags("method", method, "route", route, "code", code)
                .counter()
                .count();
    }
}
