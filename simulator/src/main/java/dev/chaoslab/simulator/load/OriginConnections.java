package dev.chaoslab.simulator.load;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/**
 * One lane's HTTP/1.1 connections to one origin (scheme, host, port): at most {@code max} open, idle ones on a
 * stack, requests that find none idle waiting in arrival order.
 *
 * <p>Used instead of Vert.x's connection pool because of what the pool costs per request at tens of thousands of
 * requests per second on one event loop: its lease picks a connection by scanning every connection it holds, it
 * sets and cancels a timer per request for the lease timeout, and it hands the lease over through a future and a
 * context dispatch — together about a fifth of a lane's CPU at 50 000 req/s (async-profiler). Here a lease is a
 * pop from a stack, the wait timeout is one sweep timer while anybody waits, and a freed connection goes straight
 * to the oldest waiter. The stack keeps the most recently used connection hot: at a rate the target keeps up
 * with, a handful of connections carry the traffic however many were opened during a burst, and the others
 * idle out.
 *
 * <p>Confined to one Vert.x context (the lane's): every method is called there, and the connections are opened
 * from it, so their callbacks come back there too.
 */
final class OriginConnections {
    /** Receives a connection, or why there is none. */
    interface Lease {
        void granted(HttpClientConnection connection);

        /** @param busy true when the wait queue was full (the request never reached the wire: dropped) */
        void failed(Throwable cause, boolean busy);
    }

    private record Waiter(Lease lease, long sinceNanos) {}

    private final Context context;
    private final HttpClientAgent client;
    private final HttpConnectOptions connect;
    private final int max;
    private final int maxWaiting;
    private final long waitTimeoutNanos;
    private final ArrayDeque<HttpClientConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    /** Open or being opened. */
    private int open;

    private boolean sweepArmed;
    private boolean closed;

    /**
     * @param max           connections open at most
     * @param maxWaiting    requests waiting for a connection at most; more are refused as busy
     * @param waitTimeoutMs how long a request waits for a connection (its opening included) before it fails with a
     *                      timeout
     */
    OriginConnections(
            Context context,
            HttpClientAgent client,
            HttpConnectOptions connect,
            int max,
            int maxWaiting,
            long waitTimeoutMs) {
        this.context = context;
        this.client = client;
        this.connect = connect;
        this.max = max;
        this.maxWaiting = maxWaiting;
        this.waitTimeoutNanos = waitTimeoutMs * 1_000_000;
    }

    void acquire(Lease lease) {
        HttpClientConnection connection = idle.pollFirst();
        if (connection != null) {
            lease.granted(connection);
            return;
        }
        if (closed) {
            lease.failed(new IllegalStateException("the load client is closed"), true);
            return;
        }
        if (waiting.size() >= maxWaiting) {
            lease.failed(
                    new IllegalStateException("all " + max + " connections to " + origin() + " are busy and "
                            + maxWaiting + " requests wait for one already"),
                    true);
            return;
        }
        waiting.addLast(new Waiter(lease, System.nanoTime()));
        if (open < max) {
            openOne();
        }
        armSweep();
    }

    /**
     * Gives a connection back once its exchange is over.
     *
     * @param reusable false when the exchange failed or the server said it closes the connection: it is closed
     *                 (and no longer counted once closed)
     */
    void release(HttpClientConnection connection, boolean reusable) {
        if (!reusable || closed) {
            connection.close();
            return;
        }
        Waiter waiter = waiting.pollFirst();
        if (waiter != null) {
            waiter.lease.granted(connection);
        } else {
            idle.addFirst(connection);
        }
    }

    /** Closes every connection; requests still waiting fail. */
    void close() {
        closed = true;
        for (HttpClientConnection connection : idle.toArray(HttpClientConnection[]::new)) {
            connection.close();
        }
        idle.clear();
        failWaiting(new IllegalStateException("the load client was closed"));
    }

    private void openOne() {
        open++;
        client.connect(connect).onComplete(ar -> {
            if (ar.failed()) {
                open--;
                Waiter waiter = waiting.pollFirst();
                if (waiter != null) {
                    waiter.lease.failed(ar.cause(), false);
                }
                if (!waiting.isEmpty() && open < max && !closed) {
                    openOne();
                }
                return;
            }
            HttpClientConnection connection = ar.result();
            connection.closeHandler(v -> closed(connection));
            release(connection, true);
        });
    }

    private void closed(HttpClientConnection connection) {
        open--;
        idle.remove(connection);
        if (!waiting.isEmpty() && open < max && !closed) {
            openOne();
        }
    }

    /** One timer while anybody waits, rather than one per request: fails the requests waiting for too long. */
    private void armSweep() {
        if (sweepArmed) {
            return;
        }
        sweepArmed = true;
        long periodMs = Math.max(1, Math.min(100, waitTimeoutNanos / 10_000_000));
        context.owner().setTimer(periodMs, id -> {
            sweepArmed = false;
            long now = System.nanoTime();
            Waiter head;
            while ((head = waiting.peekFirst()) != null && now - head.sinceNanos >= waitTimeoutNanos) {
                waiting.pollFirst();
                head.lease.failed(
                        new TimeoutException("no connection to " + origin() + " within " + waitTimeoutNanos / 1_000_000
                                + " ms (" + open + " open, all busy)"),
                        false);
            }
            if (!waiting.isEmpty()) {
                armSweep();
            }
        });
    }

    private void failWaiting(Throwable cause) {
        Waiter waiter;
        while ((waiter = waiting.pollFirst()) != null) {
            waiter.lease.failed(cause, false);
        }
    }

    private String origin() {
        return connect.getHost() + ":" + connect.getPort();
    }
}
