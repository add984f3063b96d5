package dev.chaoslab.telemetry.logging;

import java.util.Arrays;

/** A growable byte array that encoded lines are written into. Not thread-safe. */
final class LineBuffer {

    private byte[] bytes;
    private int size;

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    /** Sets the number of bytes written, after writing up to {@link #reserve reserved} room of {@link #bytes()}. */
    void size(int size) {
        this.size = size;
    }

    void clear() {
        size = 0;
    }

    /** Makes room for {@code more} bytes. */
    void reserve(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
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

    /** Adds again the {@code length} bytes written at {@code offset}. */
    void putAgain(int offset, int length) {
        reserve(length);
        System.arraycopy(bytes, offset, bytes, size, length);
        size += length;
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

    /** Drops the array when it grew beyond {@code keep} bytes (after a burst), keeping a new one of {@code initial}. */
    void shrink(int keep, int initial) {
        if (bytes.length > keep) {
            bytes = new byte[initial];
            size = 0;
        }
    }
}
