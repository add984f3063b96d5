package dev.chaoslab.simulator.scenario.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TemplateTest {

    static TemplateContext ctx() {
        return new TemplateContext(new Random(42), new AtomicLong());
    }

    /** The shipped scenarios' data: the shop's catalogue and customers. */
    static final Map<String, DataVariable> SHOP_DATA = Map.of(
            "sku", new DataVariable.Range(1, 50, "SKU-%03d"), "customerId", new DataVariable.Range(1, 1000, "c-%d"));

    @Test
    @DisplayName("a data range {from: 1, to: 50, format: SKU-%03d} gives SKU-001 to SKU-050, all over many draws")
    void sku() {
        Template t = Template.compile("/api/products/${sku}", SHOP_DATA);
        TemplateContext c = ctx();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String s = t.render(c);
            assertThat(s).matches("/api/products/SKU-0(0[1-9]|[1-4][0-9]|50)");
            seen.add(s);
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    @DisplayName(
            "randomInt stays in its inclusive bounds and reaches both; seq counts up; uuid and customerId have their forms")
    void variables() {
        TemplateContext c = ctx();
        Template r = Template.compile("${randomInt(3, 5)}");
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            values.add(r.render(c));
        }
        assertThat(values).containsExactlyInAnyOrder("3", "4", "5");
        Template seq = Template.compile("n-${seq}-${seq}");
        assertThat(seq.render(c)).isEqualTo("n-1-2");
        assertThat(seq.render(c)).isEqualTo("n-3-4");
        assertThat(Template.compile("${uuid}").render(c))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(Template.compile("${ customerId }", SHOP_DATA).render(c)).matches("c-\\d{1,4}");
        assertThat(Template.compile("cost: $$5, ${randomInt(-2,-2)}").render(c)).isEqualTo("cost: $5, -2");
    }

    @Test
    @DisplayName("a template without expressions is constant and renders its text as is")
    void constant() {
        Template t = Template.compile("/api/products");
        assertThat(t.isConstant()).isTrue();
        assertThat(t.render(ctx())).isEqualTo("/api/products");
        assertThat(Template.compile("").render(ctx())).isEmpty();
        assertThat(Template.compile("${seq}").isConstant()).isFalse();
    }

    @Test
    @DisplayName("bad templates fail to compile with the offset and what to write")
    void compileErrors() {
        assertThatThrownBy(() -> Template.compile("/x/${nope}")).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.offset()).isEqualTo(3);
            assertThat(e.getMessage()).contains("unknown variable ${nope}; known: randomInt(a,b), uuid, seq");
            assertThat(e.getMessage())
                    .contains("declare other values under the scenario's data:, e.g. data: {nope: [a, b]}");
        });
        assertThatThrownBy(() -> Template.compile("/x/${sku")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> Template.compile("${randomInt(1)}"))
                .hasMessageContaining("write randomInt(a,b) with two integers");
        assertThatThrownBy(() -> Template.compile("${randomInt(9,1)}"))
                .hasMessageContaining("lower bound 9 is above the upper bound 1");
        assertThatThrownBy(() -> Template.compile("${steps.a.headers.x}"))
                .hasMessageContaining("${steps.a.body.<path>} or ${steps.a.status}");
        assertThatThrownBy(() -> Template.compile("${steps.a.body.items[x]}"))
                .hasMessageContaining("an index must be a number");
    }

    @Test
    @DisplayName("a value put into a path is one encoded segment: a response cannot steer the request to another route")
    void pathValuesAreEncoded() {
        Template t = Template.compile("/api/orders/${steps.create.body.id}");
        for (String hostile : List.of("../../chaos/faults", "x?y=1#z", "%2e%2e/chaos", "a b/\u00e9")) {
            String path = t.renderPath(ctx().record("create", 201, new JsonObject().put("id", hostile)));
            assertThat(path)
                    .startsWith("/api/orders/")
                    .doesNotContain("/chaos")
                    .doesNotContain("?")
                    .doesNotContain("#")
                    .doesNotContain(" ");
            assertThat(path.substring("/api/orders/".length())).doesNotContain("/");
            assertThat(URLDecoder.decode(
                            path.substring("/api/orders/".length()).replace("+", "%2B"), StandardCharsets.UTF_8))
                    .isEqualTo(hostile);
        }
        assertThat(t.renderPath(ctx().record("create", 201, new JsonObject().put("id", "o-7_x.y~1"))))
                .isEqualTo("/api/orders/o-7_x.y~1");
    }

    @Test
    @DisplayName("a path whose templated first segment renders to the chaos API throws instead of being sent")
    void pathRenderedToTheChaosApiIsRefused() {
        Template t = Template.compile("/${steps.create.body.id}/faults");
        for (String hostile : List.of("chaos", "CHAOS", "Chaos")) {
            assertThatThrownBy(() -> t.renderPath(ctx().record("create", 201, new JsonObject().put("id", hostile))))
                    .as(hostile)
                    .isInstanceOf(TemplateException.class)
                    .hasMessage(Template.CHAOS_ROUTE_RENDERED);
        }
        Template whole = Template.compile("/${steps.create.body.id}");
        assertThatThrownBy(() -> whole.renderPath(ctx().record("create", 201, new JsonObject().put("id", "chaos"))))
                .isInstanceOf(TemplateException.class);
        assertThat(t.renderPath(ctx().record("create", 201, new JsonObject().put("id", "orders"))))
                .isEqualTo("/orders/faults");
        // an escaped slash stays inside its segment, as servers route it: not the chaos API
        assertThat(whole.renderPath(ctx().record("create", 201, new JsonObject().put("id", "chaos/faults"))))
                .isEqualTo("/chaos%2Ffaults");
    }

    @Test
    @DisplayName("journey references read fields, array items and the status of earlier steps' responses")
    void journeyExtraction() {
        Template t = Template.compile(
                "/api/orders/${steps.create.body.id}/${steps.create.body.items[1].sku}?s=${steps.create.status}");
        assertThat(t.stepRefs()).containsExactly("create");
        TemplateContext c = ctx();
        JsonObject order = new JsonObject()
                .put("id", "o-7")
                .put(
                        "items",
                        new JsonArray()
                                .add(new JsonObject().put("sku", "SKU-001"))
                                .add(new JsonObject().put("sku", "SKU-009")));
        c.record("create", 201, order);
        assertThat(t.render(c)).isEqualTo("/api/orders/o-7/SKU-009?s=201");
        // plain maps and lists (e.g. a decoded body) work the same
        TemplateContext m =
                ctx().record("create", 200, Map.of("id", 5, "items", List.of(Map.of("sku", "a"), Map.of("sku", "b"))));
        assertThat(t.render(m)).isEqualTo("/api/orders/5/b?s=200");
        assertThatThrownBy(() -> t.render(ctx()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("step 'create' has not run");
        TemplateContext missing = ctx().record("create", 201, new JsonObject().put("id", "x"));
        assertThatThrownBy(() -> t.render(missing)).hasMessageContaining("has no value at items");
    }

    @Test
    @DisplayName("a JSON body renders valid JSON: numbers stay numbers, text is escaped, step values keep their type")
    void jsonBody() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", "${sku}");
        item.put("quantity", "${randomInt(1,3)}");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", "c-${randomInt(1,1000)}");
        body.put("items", List.of(item));
        body.put("note", "quote \" and ${seq}");
        body.put("gift", false);
        body.put("ref", "${steps.a.body.id}");
        body.put("parent", "${steps.a.body}");
        body.put("none", null);
        body.put("price", 12.5);
        body.put("shard", "${shard}");
        body.put("region", "${region}");
        Map<String, DataVariable> data = new LinkedHashMap<>(SHOP_DATA);
        data.put("shard", new DataVariable.Range(7, 7, null));
        data.put("region", new DataVariable.Values(List.of("eu", "us")));
        JsonTemplate t = JsonTemplate.compile(body, data);
        assertThat(t.stepRefs()).containsExactly("a");
        TemplateContext c = ctx().record("a", 201, new JsonObject().put("id", 77));
        JsonObject out = new JsonObject(t.render(c));
        assertThat(out.getString("customerId")).matches("c-\\d+");
        assertThat(out.getJsonArray("items").getJsonObject(0).getValue("quantity"))
                .isInstanceOf(Integer.class);
        assertThat(out.getJsonArray("items").getJsonObject(0).getString("sku")).startsWith("SKU-");
        assertThat(out.getString("note")).isEqualTo("quote \" and 1");
        assertThat(out.getBoolean("gift")).isFalse();
        assertThat(out.getValue("ref")).isEqualTo(77);
        assertThat(out.getJsonObject("parent")).isEqualTo(new JsonObject().put("id", 77));
        assertThat(out.containsKey("none")).isTrue();
        assertThat(out.getDouble("price")).isEqualTo(12.5);
        assertThat(out.getValue("shard"))
                .as("a range without format is a number")
                .isEqualTo(7);
        assertThat(out.getString("region")).isIn("eu", "us");
        assertThatThrownBy(() -> JsonTemplate.compile(Map.of("items", List.of(Map.of("q", "${bad}")))))
                .hasMessageStartingWith("items[0].q: unknown variable ${bad}");
    }

    @Test
    @DisplayName(
            "data variables check their invariants: from <= to with one %d; a non-empty list of strings or integers")
    void dataVariables() {
        assertThatThrownBy(() -> new DataVariable.Range(5, 1, null)).hasMessageContaining("from (5) must be <= to (1)");
        assertThatThrownBy(() -> new DataVariable.Range(1, 5, "SKU")).hasMessageContaining("format must hold one %d");
        assertThatThrownBy(() -> new DataVariable.Range(1, 5, "%d-%d")).hasMessageContaining("format must hold one %d");
        assertThatThrownBy(() -> new DataVariable.Range(1, 5, "%s")).hasMessageContaining("format must hold one %d");
        assertThatThrownBy(() -> new DataVariable.Range(Long.MIN_VALUE, Long.MAX_VALUE, null))
                .hasMessageContaining("too wide");
        assertThat(new DataVariable.Range(1, 5, "100%% %02d").pick(new Random(1)))
                .asString()
                .matches("100% 0[1-5]");
        assertThatThrownBy(() -> new DataVariable.Values(List.of())).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new DataVariable.Values(List.of(1.5)))
                .hasMessageContaining("strings or whole numbers");
        DataVariable.Values values = new DataVariable.Values(List.of("a", 2L, "c"));
        Set<Object> seen = new HashSet<>();
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            seen.add(values.pick(random));
        }
        assertThat(seen).containsExactlyInAnyOrder("a", 2L, "c");
        assertThat(values.numeric()).isFalse();
        assertThat(new DataVariable.Values(List.of(1L, 2L)).numeric()).isTrue();
    }
}
