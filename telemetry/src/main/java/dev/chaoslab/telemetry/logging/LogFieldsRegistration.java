package dev.chaoslab.telemetry.logging;

import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;

/**
 * Registers the {@link LogFields} context-local when the first Vert.x instance is built: Vert.x sizes
 * each instance's context-local table at creation, so a local registered later has no slot.
 * Listed in {@code META-INF/services/io.vertx.core.spi.VertxServiceProvider}.
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
