package dev.chaoslab.targets;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four target services, their default ports (docs/contracts.md) and what each calls. */
public enum ServiceName {
    INVENTORY(8083),
    PAYMENTS(8082),
    ORDERS(8081, INVENTORY, PAYMENTS),
    GATEWAY(8080, ORDERS, INVENTORY);

    private final int defaultPort;
    private final List<ServiceName> dependencies;

    ServiceName(int defaultPort, ServiceName... dependencies) {
        this.defaultPort = defaultPort;
        this.dependencies = List.of(dependencies);
    }

    /** The name used in URLs, metrics ({@code service} tag) and {@code service.name}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultPort() {
        return defaultPort;
    }

    public List<ServiceName> dependencies() {
        return dependencies;
    }

    public static ServiceName parse(String text) {
        for (ServiceName s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service '" + text + "'; services are "
                + Arrays.stream(values()).map(ServiceName::id).collect(Collectors.joining(", ")));
    }
}
