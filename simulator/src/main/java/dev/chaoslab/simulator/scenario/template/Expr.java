package dev.chaoslab.simulator.scenario.template;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One compiled {@code ${…}} expression. Implementations are immutable and stateless. */
sealed interface Expr {

    /** The value: a String, a Long, or for a step reference whatever JSON value it points at. */
    Object value(TemplateContext ctx);

    /** Whether the value is always a number (so a JSON body may write it unquoted). */
    default boolean numeric() {
        return false;
    }

    /** {@code ${name}}: a variable of the scenario's {@code data:} block. */
    record Data(String name, DataVariable variable) implements Expr {
        @Override
        public Object value(TemplateContext ctx) {
            return variable.pick(ctx.random());
        }

        @Override
        public boolean numeric() {
            return variable.numeric();
        }
    }

    record RandomInt(long min, long max) implements Expr {
        @Override
        public Object value(TemplateContext ctx) {
            return ctx.random().nextLong(min, max + 1);
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }

    record Seq() implements Expr {
        @Override
        public Object value(TemplateContext ctx) {
            return ctx.nextSeq();
        }

        @Override
        public boolean numeric() {
            return true;
        }
    }

    record Uuid() implements Expr {
        @Override
        public Object value(TemplateContext ctx) {
            return new UUID(ctx.random().nextLong(), ctx.random().nextLong()).toString();
        }
    }

    /** {@code ${steps.<step>.status}} or {@code ${steps.<step>.body.a.b[0].c}}. */
    record StepRef(String step, boolean status, List<Object> path, String source) implements Expr {
        @Override
        public Object value(TemplateContext ctx) {
            TemplateContext.StepResult r = ctx.step(step);
            if (r == null) {
                throw new TemplateException("${" + source + "}: step '" + step + "' has not run in this journey");
            }
            if (status) {
                return (long) r.status();
            }
            Object cur = r.body();
            for (Object key : path) {
                cur = key instanceof Integer i ? index(cur, i) : field(cur, (String) key);
                if (cur == null) {
                    throw new TemplateException(
                            "${" + source + "}: the response of step '" + step + "' has no value at " + key);
                }
            }
            return cur;
        }

        private static Object field(Object o, String key) {
            if (o instanceof JsonObject j) {
                return j.getValue(key);
            }
            if (o instanceof Map<?, ?> m) {
                return m.get(key);
            }
            return null;
        }

        private static Object index(Object o, int i) {
            if (o instanceof JsonArray a) {
                return i < a.size() ? a.getValue(i) : null;
            }
            if (o instanceof List<?> l) {
                return i < l.size() ? l.get(i) : null;
            }
            return null;
        }
    }
}
