package dev.chaoslab.simulator.scenario.template;

import java.util.IllegalFormatException;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A variable of a scenario's {@code data:} block, which a template writes {@code ${name}}: each use draws one value
 * at random, as a Gatling feeder with a random strategy does. Immutable and thread-safe (the random source is the
 * caller's).
 */
public sealed interface DataVariable {

    /** One value: a String, or a Long when {@link #numeric()}. */
    Object pick(RandomGenerator random);

    /** Whether every value is a number (so a JSON body may write it unquoted). */
    boolean numeric();

    /**
     * The whole numbers {@code from} … {@code to}, each written with {@code format} (a {@link String#format} pattern
     * with one {@code %d}, e.g. {@code SKU-%03d}), or as plain numbers when {@code format} is null.
     */
    record Range(long from, long to, String format) implements DataVariable {
        private static final Pattern ONE_INTEGER = Pattern.compile("([^%]|%%)*%0?[1-9]?[0-9]*d([^%]|%%)*");

        public Range {
            if (from > to) {
                throw new IllegalArgumentException("from (" + from + ") must be <= to (" + to + ")");
            }
            if (to - from < 0) {
                throw new IllegalArgumentException("the range " + from + " … " + to + " is too wide");
            }
            if (format != null && !validFormat(format)) {
                throw new IllegalArgumentException("format must hold one %d (e.g. SKU-%03d), got '" + format + "'");
            }
        }

        /** Whether {@code format} is a pattern with exactly one whole-number conversion. */
        public static boolean validFormat(String format) {
            if (!ONE_INTEGER.matcher(format).matches()) {
                return false;
            }
            try {
                String.format(format, 1L);
                return true;
            } catch (IllegalFormatException e) {
                return false;
            }
        }

        @Override
        public Object pick(RandomGenerator random) {
            long n = from == to ? from : random.nextLong(from, to + 1);
            return format == null ? (Object) n : String.format(format, n);
        }

        @Override
        public boolean numeric() {
            return format == null;
        }
    }

    /** One of {@code values} (strings or whole numbers), uniformly. */
    record Values(List<Object> values) implements DataVariable {
        public Values {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a list of values must not be empty");
            }
            for (Object v : values) {
                Objects.requireNonNull(v, "value");
                if (!(v instanceof String) && !(v instanceof Long)) {
                    throw new IllegalArgumentException("values must be strings or whole numbers, got " + v);
                }
            }
        }

        @Override
        public Object pick(RandomGenerator random) {
            return values.get(values.size() == 1 ? 0 : random.nextInt(values.size()));
        }

        @Override
        public boolean numeric() {
            return values.stream().allMatch(v -> v instanceof Long);
        }
    }
}
