package dev.chaoslab.targets;

import dev.chaoslab.targets.shop.GatewayService;
import dev.chaoslab.targets.shop.InventoryService;
import dev.chaoslab.targets.shop.OrdersService;
import dev.chaoslab.targets.shop.PaymentsService;
import dev.chaoslab.targets.shop.ServiceSettings;
import dev.chaoslab.targets.shop.ServiceVerticle;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Starts target services in this JVM, each in its own Vert.x instance (own registry, tracer and service name,
 * exactly as one per process). Dependencies start first so that callers are wired to their real ports.
 *
 * <pre>{@code
 * RunningTargets targets = Targets.start(TargetsConfig.allOnFreePorts()).await();
 * String gateway = targets.baseUrl(ServiceName.GATEWAY);
 * ...
 * targets.close().await();
 * }</pre>
 */
public final class Targets {

  private static final List<ServiceName> START_ORDER =
    List.of(ServiceName.INVENTORY, ServiceName.PAYMENTS, ServiceName.ORDERS, ServiceName.GATEWAY);

  private Targets() {
  }

  public static Future<RunningTargets> start(TargetsConfig config) {
    RunningTargets running = new RunningTargets();
    Future<Void> chain = Future.succeededFuture();
    for (ServiceName service : START_ORDER) {
      if (config.services().contains(service)) {
        chain = chain.compose(v -> startOne(service, config, running));
      }
    }
    return chain.map(running)
      .recover(failure -> running.close().transform(ignored -> Future.failedFuture(failure)));
  }

  private static Future<Void> startOne(ServiceName service, TargetsConfig config, RunningTargets running) {
    ServiceRuntime runtime = new TelemetryRuntime(service.id(), config.telemetry(),
      config.services().size() > 1, config.telemetryEnv(), new VertxOptions());
    Map<String, String> urls = new LinkedHashMap<>();
    for (ServiceName dependency : service.dependencies()) {
      urls.put(dependency.id(), running.has(dependency) ? running.baseUrl(dependency) : config.url(dependency));
    }
    Random random = config.seed() == null ? new Random() : new Random(config.seed() * 31 + service.ordinal());
    ServiceSettings settings = new ServiceSettings(config.host(), config.port(service), runtime.registry(),
      runtime.metricsHandler(), runtime.accessLogHandler(), config.chaos(), config.client(), urls, random, config.clock());
    ServiceVerticle verticle = switch (service) {
      case GATEWAY -> new GatewayService(settings);
      case ORDERS -> new OrdersService(settings);
      case PAYMENTS -> new PaymentsService(settings);
      case INVENTORY -> new InventoryService(settings);
    };
    return runtime.vertx().deployVerticle(verticle)
      .<Void>map(id -> {
        running.add(new RunningTargets.Started(service, runtime, verticle.actualPort(),
          "http://" + connectHost(config.host()) + ":" + verticle.actualPort()));
        return null;
      })
      .recover(failure -> runtime.close().transform(ignored -> Future.failedFuture(new IllegalStateException(
        service.id() + " could not start on " + config.host() + ":" + config.port(service) + ": " + failure.getMessage(), failure))));
  }

  /** A wildcard bind address is not something to connect to; loopback reaches it. */
  private static String connectHost(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
  }
}
