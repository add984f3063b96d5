package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The slots in front of the response meters never hand one response another's meters. */
class ResponseMeterSlotsTest {

    @Test
    @DisplayName(
            "many (method, route, code) keys sharing slots, recorded interleaved, each count exactly their own responses")
    void keysSharingSlotsKeepTheirOwnMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpServerMeters meters = new HttpServerMeters(registry);
        List<String[]> keys = new ArrayList<>();
        for (String method : List.of("GET", "POST")) {
            for (int route = 0; route < 60; route++) {
                for (String code : List.of("200", "404", "503")) {
                    keys.add(new String[] {method, "/r" + route + "/:id", code});
                }
            }
        }
        // key i is recorded i % 7 + 1 times, in rounds over all keys, each time with new string instances
        for (int round = 0; round < 7; round++) {
            for (int i = 0; i < keys.size(); i++) {
                if (round < i % 7 + 1) {
                    String[] key = keys.get(i);
                    meters.response(new String(key[0]), new String(key[1]), Integer.parseInt(key[2]))
                            .record(1_000, 10);
                    meters.response(key[0], key[1], Integer.parseInt(key[2])); // the same instances: a slot hit
                }
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            String[] key = keys.get(i);
            assertThat(registry.get(HttpServerMeters.REQUESTS)
                            .tags("method", key[0], "route", key[1], "code", key[2])
                            .counter()
                            .count())
                    .as(String.join(" ", key))
                    .isEqualTo(i % 7 + 1);
        }
        assertThat(meters.response("GET", "/r1/:id", 200))
                .isSameAs(meters.response(new String("GET"), new String("/r1/:id"), 200));
    }
}
