package dev.chaoslab.targets;

import io.vertx.core.VertxOptions;

import java.util.Map;

/** Creates the runtime of one service. */
final class ServiceRuntimes {

  private ServiceRuntimes() {
  }

  /** {@code sharedProcess}: several services in this JVM (then {@code OTEL_SERVICE_NAME} must not rename them). */
  static ServiceRuntime create(String service, boolean telemetry, boolean sharedProcess, Map<String, String> env,
                               VertxOptions options) {
    return new PlainRuntime(service, options);
  }
}
