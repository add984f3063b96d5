package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByStatusCodeTest {

    private final List<Integer> made = new ArrayList<>();
    private final ByStatusCode<String> byCode = new ByStatusCode<>(code -> {
        made.add(code);
        return "meters of " + code;
    });

    @Test
    void makesTheValueOfACodeOnceAndKeepsIt() {
        String first = byCode.get(200);
        String again = byCode.get(200);

        assertThat(first).isEqualTo("meters of 200");
        assertThat(again).isSameAs(first);
        assertThat(byCode.get(-1)).isEqualTo("meters of -1");
        assertThat(byCode.get(503)).isEqualTo("meters of 503");
        assertThat(byCode.get(-1)).isEqualTo("meters of -1");
        assertThat(made).containsExactly(200, -1, 503);
    }

    @Test
    void beyondItsBoundMakesTheValueOfAnyOtherCodeOnEachCall() {
        for (int code = 100; code < 100 + ByStatusCode.MAX_CODES; code++) {
            byCode.get(code);
        }
        made.clear();

        assertThat(byCode.get(599)).isEqualTo("meters of 599");
        assertThat(byCode.get(599)).isEqualTo("meters of 599");
        assertThat(byCode.get(100)).isEqualTo("meters of 100");

        assertThat(made).containsExactly(599, 599);
    }
}
