package dev.chaoslab.telemetry.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes an {@link AccessLine} as the bytes {@link JsonLineEncoder} writes for the access log's logback event of the
 * same request (same fields, order, number formats and escaping), straight into a {@link LineBuffer}: no logback
 * event, no JSON generator, no intermediate strings. {@code AccessLineBytesTest} holds the two to the same bytes.
 *
 * <p>Not thread-safe (it caches the timestamp's second and the bytes of recent strings): one per encoding thread.
 */
final class AccessLineEncoder {

    /** The logger every access line is logged on. */
    static final String LOGGER = "access";

    /** {@code "00"} to {@code "99"}, one after the other. */
    private static final byte[] DIGIT_PAIRS = digitPairs();

    private static final byte[] OPEN = ascii("{\"@timestamp\":\"");
    private static final byte[] MS = ascii(" ms\"");
    private static final byte[] TRACE_ID = key(DeferredEvent.TRACE_ID);
    private static final byte[] SPAN_ID = key(DeferredEvent.SPAN_ID);
    /** The end of the path's field and the start of the status's. */
    private static final byte[] PATH_TO_STATUS = ascii("\",\"status\":");

    private static final byte[] DURATION = ascii(",\"duration_ms\":");
    /** Durations below this, in hundredths of a millisecond, are written digit by digit (see {@link #duration}). */
    private static final long MAX_FAST_HUNDREDTHS = 1_000_000_000L;
    /** The event path puts the ids in a {@code HashMap}: its iteration order is the order they are written in. */
    private static final boolean TRACE_ID_FIRST = traceIdFirst();

    /** From the level's field to the message's method and the space after it, by method. */
    private final Segments messageStarts =
            new Segments(ascii("\",\"level\":\"INFO\",\"logger\":\"" + LOGGER + "\",\"message\":\""), null, ascii(" "));
    /** The end of the message and the service's field, by service. */
    private final Segments services = new Segments(ascii(" ms\",\"service\":\""), null, ascii("\""));
    /** The method's and the route's fields and the start of the path's, by method and route. */
    private final Segments methodsAndRoutes =
            new Segments(key("method"), ascii("\",\"route\":\""), ascii("\",\"path\":\""));
    /** The thread's field, the end of the object and the line separator, by thread. */
    private final Segments threads;

    private long cachedSecond = Long.MIN_VALUE;
    private byte[] cachedSecondText;

    /** {@code lineSeparator}: what ends each line (the encoder's, {@code "\n"} on Linux). */
    AccessLineEncoder(String lineSeparator) {
        byte[] end = ("\"}" + lineSeparator).getBytes(StandardCharsets.UTF_8);
        threads = new Segments(key("thread"), null, end);
    }

    /** Appends {@code line}, ended by the line separator, to {@code out}. */
    void encode(AccessLine line, LineBuffer out) {
        out.put(OPEN);
        timestamp(line.instant(), out);
        String method = line.method();
        messageStarts.write(method, null, out);
        // the path is escaped once: its field copies the message's bytes
        int pathStart = out.mark();
        JsonStrings.chars(line.path(), out);
        int pathLength = out.mark() - pathStart;
        out.put(' ');
        // and so are the status and the duration: the message writes them as their fields do
        int statusStart = out.mark();
        integer(line.status(), out);
        int statusLength = out.mark() - statusStart;
        out.put(' ');
        int durationStart = out.mark();
        duration(line.durationMs(), out);
        int durationLength = out.mark() - durationStart;
        if (line.service() != null) {
            services.write(line.service(), null, out);
        } else {
            out.put(MS);
        }
        if (line.traceId() != null) {
            boolean hex = line.hexIds();
            if (TRACE_ID_FIRST) {
                id(TRACE_ID, line.traceId(), hex, out);
                id(SPAN_ID, line.spanId(), hex, out);
            } else {
                id(SPAN_ID, line.spanId(), hex, out);
                id(TRACE_ID, line.traceId(), hex, out);
            }
        }
        fields(line.logFields(), out);
        methodsAndRoutes.write(method, line.route(), out);
        out.putAgain(pathStart, pathLength);
        out.put(PATH_TO_STATUS);
        out.putAgain(statusStart, statusLength);
        out.put(DURATION);
        out.putAgain(durationStart, durationLength);
        fields(line.extra(), out);
        threads.write(line.thread(), null, out);
    }

    /** {@code ,"name":"} of a name that needs no escaping. */
    private static byte[] key(String name) {
        return ascii(",\"" + name + "\":\"");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code value} as {@code Integer.toString} writes it, without the string. */
    static void integer(int value, LineBuffer out) {
        if (value < 0) {
            if (value == Integer.MIN_VALUE) {
                out.putAscii(Integer.toString(value));
                return;
            }
            out.put('-');
            value = -value;
        }
        if (value < 1000) { // a status code, the whole milliseconds of most durations: one division at most
            out.reserve(3);
            byte[] bytes = out.bytes();
            int at = out.size();
            if (value < 10) {
                bytes[at] = (byte) ('0' + value);
                out.size(at + 1);
            } else if (value < 100) {
                pair(value, bytes, at);
                out.size(at + 2);
            } else {
                int hundreds = value / 100;
                bytes[at] = (byte) ('0' + hundreds);
                pair(value - hundreds * 100, bytes, at + 1);
                out.size(at + 3);
            }
            return;
        }
        int digits = 1;
        for (int rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        out.reserve(digits);
        byte[] bytes = out.bytes();
        int end = out.size() + digits;
        for (int at = end - 1; at >= out.size(); at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out.size(end);
    }

    /**
     * {@code value} as {@code Double.toString} (and so Jackson) writes it. A duration is a whole number of hundredths
     * of a millisecond below 10 000 000 ms: {@code Double.toString} then writes the hundredths' decimal digits, its
     * shortest form, with trailing zeros of the fraction removed but one ({@code 12.5}, {@code 3.0}), and so does
     * this without the string; anything else goes through {@code Double.toString}.
     */
    static void duration(double value, LineBuffer out) {
        long hundredths = Math.round(value * 100);
        if (hundredths >= 0
                && hundredths < MAX_FAST_HUNDREDTHS
                && hundredths / 100.0 == value
                && Double.doubleToRawLongBits(value) >= 0) { // not -0.0
            long whole = hundredths / 100;
            int fraction = (int) (hundredths % 100);
            integer((int) whole, out);
            out.reserve(3);
            out.putReserved('.');
            out.putReserved('0' + fraction / 10);
            if (fraction % 10 != 0) {
                out.putReserved('0' + fraction % 10);
            }
            return;
        }
        out.putAscii(Double.toString(value));
    }

    private static void fields(Map<String, String> fields, LineBuffer out) {
        if (fields.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> field : fields.entrySet()) {
            field(field.getKey(), field.getValue(), out);
        }
    }

    private static void field(String name, String value, LineBuffer out) {
        out.put(',');
        out.put('"');
        JsonStrings.chars(name, out);
        out.put('"');
        out.put(':');
        out.put('"');
        JsonStrings.chars(value, out);
        out.put('"');
    }

    /** {@code key}: {@code ,"name":"} already encoded. */
    private static void field(byte[] key, String value, LineBuffer out) {
        out.put(key);
        JsonStrings.chars(value, out);
        out.put('"');
    }

    /** A trace or span id: copied as it is when {@code hex} (nothing to escape), else as any other string. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for characters below 256
    private static void id(byte[] key, String id, boolean hex, LineBuffer out) {
        if (!hex) {
            field(key, id, out);
            return;
        }
        out.put(key);
        int length = id.length();
        out.reserve(length + 1);
        int size = out.size();
        id.getBytes(0, length, out.bytes(), size);
        out.size(size + length);
        out.putReserved('"');
    }

    /**
     * Bytes made of constant parts around the escaped text of one string, or of two with a constant part between
     * them, kept for the last few strings by identity: the same {@code String} objects again (a thread's name, the
     * service, a method, a route: Vert.x and the hook hand the same objects to every request) are copied from here
     * with one copy instead of escaped again between the constant parts. Each encoder has its own (one per logging
     * thread), so the constant strings hit across lines. Strings longer than {@value #MAX_KEPT} characters in all are
     * escaped each time (they are rarely seen twice).
     */
    private static final class Segments {
        private static final int WAYS = 4;
        private static final int MAX_KEPT = 256;
        private final byte[] before;
        private final byte[] between;
        private final byte[] after;
        private final String[] firsts = new String[WAYS];
        private final String[] seconds = new String[WAYS];
        private final byte[][] bytes = new byte[WAYS][];
        private int next;

        /** {@code between}: {@code null} for segments of one string. */
        Segments(byte[] before, byte[] between, byte[] after) {
            this.before = before;
            this.between = between;
            this.after = after;
        }

        /** Writes {@code before}, {@code first} escaped, then {@code between} and {@code second} escaped, {@code after}. */
        void write(String first, String second, LineBuffer out) {
            for (int i = 0; i < WAYS; i++) {
                if (firsts[i] == first && seconds[i] == second && bytes[i] != null) {
                    out.put(bytes[i]);
                    return;
                }
            }
            int start = out.mark();
            out.put(before);
            JsonStrings.chars(first, out);
            if (between != null) {
                out.put(between);
                JsonStrings.chars(second, out);
            }
            out.put(after);
            if (first.length() + (second == null ? 0 : second.length()) <= MAX_KEPT) {
                firsts[next] = first;
                seconds[next] = second;
                bytes[next] = out.copySince(start);
                next = (next + 1) & (WAYS - 1);
            }
        }
    }

    /**
     * ISO-8601 in UTC as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes it: the fraction of the second with
     * its trailing zeros removed, none when it is zero; the text up to the second is cached.
     */
    void timestamp(Instant instant, LineBuffer out) {
        long second = instant.getEpochSecond();
        if (second != cachedSecond) {
            String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC));
            cachedSecondText = text.substring(0, text.length() - 1).getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        out.put(cachedSecondText);
        int nanos = instant.getNano();
        // the nine digits, the first alone and the others two at a time, then the trailing zeros dropped
        out.reserve(11);
        byte[] bytes = out.bytes();
        int at = out.size();
        if (nanos != 0) {
            bytes[at] = '.';
            int first = nanos / 100_000_000;
            bytes[at + 1] = (byte) ('0' + first);
            int rest = nanos - first * 100_000_000;
            int high = rest / 10_000;
            int low = rest - high * 10_000;
            pair(high / 100, bytes, at + 2);
            pair(high % 100, bytes, at + 4);
            pair(low / 100, bytes, at + 6);
            pair(low % 100, bytes, at + 8);
            int last = at + 9;
            while (bytes[last] == '0') {
                last--;
            }
            at = last + 1;
        }
        bytes[at] = 'Z';
        out.size(at + 1);
    }

    /** Writes {@code value}, 0 to 99, as two digits at {@code at}. */
    private static void pair(int value, byte[] bytes, int at) {
        bytes[at] = DIGIT_PAIRS[2 * value];
        bytes[at + 1] = DIGIT_PAIRS[2 * value + 1];
    }

    private static byte[] digitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[2 * i] = (byte) ('0' + i / 10);
            pairs[2 * i + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }

    private static boolean traceIdFirst() {
        Map<String, String> ids = new HashMap<>();
        ids.put(DeferredEvent.TRACE_ID, "");
        ids.put(DeferredEvent.SPAN_ID, "");
        Iterator<String> keys = ids.keySet().iterator();
        return DeferredEvent.TRACE_ID.equals(keys.next());
    }
}
