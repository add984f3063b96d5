package dev.chaoslab.simulator.scenario;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The HTTP statuses a request counts as success (k6's {@code expectedStatuses}, Gatling's status check): by default
 * every answer below 400; a scenario can say {@code [2xx, 409]} for a checkout where "out of stock" is a fine answer,
 * or {@code [201]} for a create that must create. Immutable.
 */
public final class ExpectedStatuses {
    static final int MIN = 100;
    static final int MAX = 599;

    /** 1xx to 3xx: answers the simulator asked for (redirects are not followed); 4xx and 5xx are errors. */
    public static final ExpectedStatuses DEFAULT = new ExpectedStatuses(range(100, 399), "1xx-3xx");

    private final BitSet accepted;
    private final String text;

    private ExpectedStatuses(BitSet accepted, String text) {
        this.accepted = accepted;
        this.text = text;
    }

    /**
     * From a scenario's list: status codes (100–599) and classes ({@code 2xx}). Throws IllegalArgumentException
     * naming the item that is neither.
     */
    public static ExpectedStatuses of(List<String> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("the list is empty; name at least one status, e.g. [2xx] or [200, 409]");
        }
        BitSet accepted = new BitSet(MAX + 1);
        List<String> said = new ArrayList<>();
        for (String item : items) {
            String s = item.trim().toLowerCase(java.util.Locale.ROOT);
            if (s.matches("[1-5]xx")) {
                int base = (s.charAt(0) - '0') * 100;
                accepted.or(range(base, base + 99));
            } else if (s.matches("\\d{3}") && Integer.parseInt(s) >= MIN && Integer.parseInt(s) <= MAX) {
                accepted.set(Integer.parseInt(s));
            } else {
                throw new IllegalArgumentException(
                        "'" + item + "' is neither a status from " + MIN + " to " + MAX + " nor a class such as 2xx");
            }
            said.add(s);
        }
        return new ExpectedStatuses(accepted, String.join(", ", said));
    }

    public boolean accepts(int status) {
        return status >= MIN && status <= MAX && accepted.get(status);
    }

    /** As written in the scenario, e.g. {@code 2xx, 409}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedStatuses other && accepted.equals(other.accepted);
    }

    @Override
    public int hashCode() {
        return accepted.hashCode();
    }

    private static BitSet range(int from, int to) {
        BitSet bits = new BitSet(MAX + 1);
        bits.set(from, to + 1);
        return bits;
    }
}
