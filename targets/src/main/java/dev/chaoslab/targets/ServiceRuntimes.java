package dev.chaoslab.targets;

import io.vertx.core.VertxOptions;

/** Creates the runtime of one service. */
final class ServiceRuntimes {

  private ServiceRuntimes() {
  }

  static ServiceRuntime create(String service, boolean telemetry, VertxOptions options) {
    return new PlainRuntime(service, options);
  }
}
