package dev.chaoslab.telemetry.logging;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;

/**
 * Registers the {@link LogFields} context-local when the first Vert.x instance is built: Vert.x sizes
 * each instance's context-local table at creation, so a local registered later has no slot.
 * Listed in {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}.
 *
 * <p>This is chaoslab's one use of {@code io.vertx.core.internal}: the public SPI
 * {@link VertxServiceProvider} is the only hook that runs before a Vert.x instance exists, and its
 * {@code init} method takes the internal {@link VertxBootstrap}, which is not otherwise touched. An
 * ArchUnit rule keeps every other class off the internal packages.
 */
public final class LogFieldsRegistration implements VertxServiceProvider {

    static {
        LogFields.register();
    }

    @Override
    public void init(VertxBootstrap builder) {
        LogFields.register();
    }
}
