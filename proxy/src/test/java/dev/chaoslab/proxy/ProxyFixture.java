package dev.chaoslab.proxy;

import dev.chaoslab.chaos.ChaosOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Starts a proxy named {@code catalog} on free loopback ports in front of an upstream, telemetry on, no export. */
final class ProxyFixture {

    static final List<String> ROUTES = List.of("/api/products/:sku", "/big", "/upload", "/headers");

    private ProxyFixture() {}

    static ChaosProxy start(String upstream, UpstreamOptions options) {
        ProxySpec spec = new ProxySpec(
                "catalog",
                new HostPort("127.0.0.1", 0),
                URI.create(upstream),
                new HostPort("127.0.0.1", 0),
                new RouteTemplates(ROUTES));
        return ChaosProxy.start(spec, options, new ChaosOptions(), Map.of()).await();
    }

    static String url(ChaosProxy proxy) {
        return "http://127.0.0.1:" + proxy.port();
    }

    static String admin(ChaosProxy proxy) {
        return "http://127.0.0.1:" + proxy.adminPort();
    }
}
