package dev.chaoslab.telemetry;

import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.TCPMetrics;

/**
 * Connection-level metrics (connections, bytes, errors, close) handed to {@link #tcpDelegate()} unchanged: what our
 * HTTP client and server metrics leave to vertx-micrometer while they measure the per-request events themselves.
 */
interface DelegatingTcpMetrics extends TCPMetrics<Object> {

    /** Where the connection-level events go. */
    TCPMetrics<Object> tcpDelegate();

    @Override
    default Object connected(SocketAddress remoteAddress, String remoteName) {
        return tcpDelegate().connected(remoteAddress, remoteName);
    }

    @Override
    default void disconnected(Object socketMetric, SocketAddress remoteAddress) {
        tcpDelegate().disconnected(socketMetric, remoteAddress);
    }

    @Override
    default void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
        tcpDelegate().bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    default void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
        tcpDelegate().bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    default void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
        tcpDelegate().exceptionOccurred(socketMetric, remoteAddress, t);
    }

    @Override
    default void close() {
        tcpDelegate().close();
    }
}
