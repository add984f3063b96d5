package dev.chaoslab.telemetry.logging;

import java.nio.charset.StandardCharsets;

/**
 * Writes a string's characters into a {@link LineBuffer} as the inside of a JSON string, escaped exactly as Jackson's
 * generator escapes them in the access log's encoder: what {@link AccessLineEncoder} writes for every string field.
 *
 * <p>Thread safety: stateless.
 */
final class JsonStrings {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private JsonStrings() {}

    /**
     * The characters of a JSON string as Jackson's generator escapes them in the encoder: {@code "} and {@code \},
     * control characters ({@code \b \t \n \f \r}, the others as {@code \}{@code u00XX}), every surrogate as
     * {@code \}{@code uXXXX}; everything else as UTF-8.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for characters below 256
    static void chars(String text, LineBuffer out) {
        int length = text.length();
        out.reserve(length);
        // the usual case, printable ASCII: looked at first, then copied at once (an array copy for a Latin-1 string)
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        int size = out.size();
        text.getBytes(0, i, out.bytes(), size);
        out.size(size + i);
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out.putReserved(c);
            } else {
                special(c, out);
                out.reserve(length - i - 1);
            }
        }
    }

    private static void special(char c, LineBuffer out) {
        if (c == '"' || c == '\\') {
            out.put('\\');
            out.put(c);
        } else if (c < 0x20) {
            int shortForm = switch (c) {
                case '\b' -> 'b';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\f' -> 'f';
                case '\r' -> 'r';
                default -> 0;
            };
            if (shortForm != 0) {
                out.put('\\');
                out.put(shortForm);
            } else {
                unicodeEscape(c, out);
            }
        } else if (c < 0x800) {
            out.put(0xC0 | c >> 6);
            out.put(0x80 | c & 0x3F);
        } else if (Character.isSurrogate(c)) {
            unicodeEscape(c, out);
        } else {
            out.put(0xE0 | c >> 12);
            out.put(0x80 | c >> 6 & 0x3F);
            out.put(0x80 | c & 0x3F);
        }
    }

    private static void unicodeEscape(char c, LineBuffer out) {
        out.reserve(6);
        out.putReserved('\\');
        out.putReserved('u');
        out.putReserved(HEX[c >> 12 & 0xF]);
        out.putReserved(HEX[c >> 8 & 0xF]);
        out.putReserved(HEX[c >> 4 & 0xF]);
        out.putReserved(HEX[c & 0xF]);
    }
}
