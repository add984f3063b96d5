package dev.chaoslab.targets.shop;

import dev.chaoslab.chaos.ChaosClock;
import dev.chaoslab.chaos.ChaosOptions;
import dev.chaoslab.targets.http.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Everything one service verticle is configured with. {@code dependencyUrls} maps a dependency name to its
 * base URL ({@code null} or absent: not configured, the service is then not ready); {@code readHeadTimeout} and
 * {@code readBodyTimeout} are its read deadlines for slow clients.
 */
public record ServiceSettings(
        String host,
        int port,
        MeterRegistry registry,
        Handler<RoutingContext> metricsHandler,
        Consumer<Router> accessLog,
        ChaosOptions chaos,
        ClientOptions client,
        Map<String, String> dependencyUrls,
        Random random,
        ChaosClock clock,
        Duration readHeadTimeout,
        Duration readBodyTimeout) {}
