package dev.chaoslab.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestMixTest {

    @Test
    @DisplayName(
            "each request is picked in proportion to its weight, within 5 standard deviations of the binomial count")
    void weights() {
        List<RequestSpec> specs = List.of(
                new RequestSpec("a", 7, List.of()),
                new RequestSpec("b", 2.5, List.of()),
                new RequestSpec("c", 0.5, List.of()));
        RequestMix mix = new RequestMix(specs);
        Random random = new Random(5);
        int n = 100_000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(mix.pick(random).name(), 1, Integer::sum);
        }
        for (RequestSpec s : specs) {
            double p = s.weight() / 10.0;
            double sd = Math.sqrt(n * p * (1 - p));
            assertThat((double) counts.get(s.name())).as(s.name()).isBetween(n * p - 5 * sd, n * p + 5 * sd);
        }
    }
}
