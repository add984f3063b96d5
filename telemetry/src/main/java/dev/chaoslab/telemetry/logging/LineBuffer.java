package dev.chaoslab.telemetry.logging;

import java.util.Arrays;

/**
 * A growable byte array that encoded lines are written into, or a window of another array that a line is encoded
 * into in place ({@link #window}) until it would pass the window's end, when what was written moves to an array of the
 * buffer's own. Offsets kept across writes are {@link #mark() marks}, which stay valid when the bytes move. Not
 * thread-safe.
 */
final class LineBuffer {

    private byte[] bytes;
    private int size;
    /** Where the bytes of the current window start ({@code 0} outside a window): marks count from here. */
    private int origin;
    /** How far the bytes may be written before they move or grow. */
    private int limit;
    /** The buffer's own array while {@link #bytes} is a window's; {@code null} outside a window. */
    private byte[] own;

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
        limit = capacity;
    }

    /**
     * Writes the next bytes into {@code target} from {@code start} up to {@code end} (exclusive), in place, until they
     * would pass {@code end}: then they move to this buffer's own array, and {@link #inWindow()} turns {@code false}.
     * Ends with {@link #clear()}.
     */
    void window(byte[] target, int start, int end) {
        if (own == null) {
            own = bytes;
        }
        bytes = target;
        origin = start;
        size = start;
        limit = end;
    }

    /** {@code true} while the bytes written since {@link #window} are still in the window's array. */
    boolean inWindow() {
        return own != null;
    }

    /** The position {@code size()} is at, counted so that it stays valid when the bytes move. */
    int mark() {
        return size - origin;
    }

    int size() {
        return size;
    }

    /** Sets the number of bytes written, after writing up to {@link #reserve reserved} room of {@link #bytes()}. */
    void size(int size) {
        this.size = size;
    }

    /** Forgets what was written; ends a {@link #window}. */
    void clear() {
        if (own != null) {
            bytes = own;
            own = null;
        }
        origin = 0;
        size = 0;
        limit = bytes.length;
    }

    /** Makes room for {@code more} bytes. */
    void reserve(int more) {
        if (size + more > limit) {
            grow(more);
        }
    }

    private void grow(int more) {
        if (own != null) {
            // out of the window: what was written moves to the buffer's own array
            int written = size - origin;
            byte[] to = own.length >= written + more ? own : new byte[Math.max(written + more, own.length * 2)];
            System.arraycopy(bytes, origin, to, 0, written);
            bytes = to;
            own = null;
            origin = 0;
            size = written;
        } else {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
        limit = bytes.length;
    }

    /** Adds one byte; the caller has {@link #reserve reserved} room for it. */
    void putReserved(int b) {
        bytes[size++] = (byte) b;
    }

    void put(int b) {
        reserve(1);
        bytes[size++] = (byte) b;
    }

    void put(byte[] data, int offset, int length) {
        reserve(length);
        System.arraycopy(data, offset, bytes, size, length);
        size += length;
    }

    /** Adds again the {@code length} bytes written at {@code mark} (a {@link #mark()}). */
    void putAgain(int mark, int length) {
        reserve(length);
        System.arraycopy(bytes, origin + mark, bytes, size, length);
        size += length;
    }

    /** A copy of the bytes written since {@code mark} (a {@link #mark()}). */
    byte[] copySince(int mark) {
        return Arrays.copyOfRange(bytes, origin + mark, size);
    }

    void put(byte[] data) {
        put(data, 0, data.length);
    }

    /** Adds the characters of {@code ascii}, each of which must be below 128. */
    void putAscii(String ascii) {
        int length = ascii.length();
        reserve(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) ascii.charAt(i);
        }
    }

    /** The array holding the {@link #size()} bytes written so far (not a copy). */
    byte[] bytes() {
        return bytes;
    }

    /**
     * Drops the array when it grew beyond {@code keep} bytes (after a burst), keeping a new one of {@code initial}.
     * Not within a {@link #window}.
     */
    void shrink(int keep, int initial) {
        if (bytes.length > keep) {
            bytes = new byte[initial];
            size = 0;
            limit = initial;
        }
    }
}
