package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpanNamesTest {

    @Test
    @DisplayName("a route's span name is made once per method and route, and is the method, a space and the route")
    void keptPerMethodAndRoute() {
        SpanNames names = new SpanNames(16);
        String name = names.of("GET", "/names/:id");
        assertThat(name).isEqualTo("GET /names/:id");
        assertThat(names.of("GET", new String("/names/:id"))).isSameAs(name);
        assertThat(names.of("POST", "/names/:id")).isEqualTo("POST /names/:id");
        assertThat(names.of("GET", "/names/:id>/more")).isEqualTo("GET /names/:id>/more");
        assertThat(names.kept()).isEqualTo(3);
    }

    @Test
    @DisplayName(
            "routes made up per request fill the names only up to their bound, and are still named right beyond it")
    void bounded() {
        SpanNames names = new SpanNames(100);
        for (int i = 0; i < 150; i++) {
            assertThat(names.of(i % 2 == 0 ? "PUT" : "GET", "/made-up/" + i))
                    .isEqualTo((i % 2 == 0 ? "PUT" : "GET") + " /made-up/" + i);
        }
        assertThat(names.kept()).isEqualTo(100);
        String beyond = names.of("PUT", "/made-up/beyond");
        assertThat(names.of("PUT", "/made-up/beyond")).isEqualTo(beyond).isNotSameAs(beyond);
        assertThat(names.of("PUT", "/made-up/0")).isSameAs(names.of("PUT", "/made-up/0"));
    }
}
