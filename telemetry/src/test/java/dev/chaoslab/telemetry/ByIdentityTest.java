package dev.chaoslab.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByIdentityTest {

    private final ByIdentity<String, Integer> byIdentity = new ByIdentity<>(2);

    @Test
    void findsAValueByItsKeysIdentityOnly() {
        String key = "/items/:id";
        byIdentity.put(key, 1);

        assertThat(byIdentity.get(key)).isEqualTo(1);
        assertThat(byIdentity.get(new String(key))).isNull();
        assertThat(byIdentity.get("/other")).isNull();
    }

    @Test
    void keepsTheFirstValueOfAKeyAndNoMoreThanItsBound() {
        String a = "a";
        String b = "b";
        byIdentity.put(a, 1);
        byIdentity.put(a, 2);
        byIdentity.put(b, 3);
        byIdentity.put("c", 4);

        assertThat(byIdentity.get(a)).isEqualTo(1);
        assertThat(byIdentity.get(b)).isEqualTo(3);
        assertThat(byIdentity.get("c")).isNull();
        assertThat(byIdentity.size()).isEqualTo(2);
    }
}
