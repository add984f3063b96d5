package dev.chaoslab.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.out} replaced by a buffer that any thread (the log writer's included) may write to while the test
 * reads it; {@link #restore()} puts the real stream back.
 */
final class CapturedStdout {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final PrintStream original;

    private CapturedStdout() {
        original = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        synchronized (written) {
                            written.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        synchronized (written) {
                            written.write(bytes, offset, length);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8));
    }

    /** Captures {@code System.out} from now on. */
    static CapturedStdout install() {
        return new CapturedStdout();
    }

    /** Everything written so far, as UTF-8. */
    String text() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    void restore() {
        System.setOut(original);
    }
}
