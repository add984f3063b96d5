package dev.chaoslab.telemetry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A port of 127.0.0.1 that refuses connections for as long as it is open: a socket bound but never listening.
 *
 * <p>Nothing else can take the port meanwhile (not a server, not a client's ephemeral port, so no TCP
 * self-connect either). A server that listened and was closed again is no substitute: for a moment after its
 * close its port can still accept a connection, reset it, or even answer.
 *
 * <pre>{@code
 * try (RefusedPort nowhere = RefusedPort.open()) {
 *   … point a client at nowhere.url() and expect "connection refused" …
 * }
 * }</pre>
 */
public final class RefusedPort implements AutoCloseable {

    private final Socket socket;

    private RefusedPort(Socket socket) {
        this.socket = socket;
    }

    public static RefusedPort open() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new RefusedPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot bind a socket on the loopback interface", e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
