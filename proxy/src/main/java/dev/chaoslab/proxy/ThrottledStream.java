package dev.chaoslab.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body stream paced to a rate: each buffer of the source is passed on in slices of a tenth of a second's worth,
 * one slice per timer tick, and the source stays paused meanwhile, so at most one buffer is held whatever the
 * body's size. Used on one event loop only (the response's), like the stream it wraps.
 */
final class ThrottledStream implements ReadStream<Buffer> {

    private static final int TICKS_PER_SECOND = 10;

    private final Vertx vertx;
    private final ReadStream<Buffer> source;
    private final long bytesPerSecond;
    private final int sliceBytes;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Buffer pending;
    private int position;
    private boolean ticking;
    private boolean paused;
    private boolean sourceEnded;
    private boolean ended;

    ThrottledStream(Vertx vertx, ReadStream<Buffer> source, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond must be > 0, not " + bytesPerSecond);
        }
        this.vertx = vertx;
        this.source = source;
        this.bytesPerSecond = bytesPerSecond;
        this.sliceBytes = (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / TICKS_PER_SECOND));
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        source.handler(handler == null ? null : this::received);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        source.endHandler(
                endHandler == null
                        ? null
                        : v -> {
                            sourceEnded = true;
                            endIfDone();
                        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        if (pending != null) {
            if (!ticking) {
                emitSlice();
            }
        } else {
            source.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return amount > 0 ? resume() : this;
    }

    private void received(Buffer buffer) {
        source.pause();
        pending = buffer;
        position = 0;
        if (!ticking && !paused) {
            emitSlice();
        }
    }

    private void emitSlice() {
        int n = Math.min(sliceBytes, pending.length() - position);
        Buffer slice = pending.getBuffer(position, position + n);
        position += n;
        if (position >= pending.length()) {
            pending = null;
        }
        ticking = true;
        long delayMs = Math.max(1, n * 1000L / bytesPerSecond);
        vertx.setTimer(delayMs, t -> tick());
        handler.handle(slice);
    }

    private void tick() {
        ticking = false;
        if (paused) {
            return;
        }
        if (pending != null) {
            emitSlice();
        } else if (sourceEnded) {
            endIfDone();
        } else {
            source.resume();
        }
    }

    private void endIfDone() {
        if (!ended && sourceEnded && pending == null && !ticking && endHandler != null) {
            ended = true;
            endHandler.handle(null);
        }
    }
}
