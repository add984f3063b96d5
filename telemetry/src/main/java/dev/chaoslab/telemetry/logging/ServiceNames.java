package dev.chaoslab.telemetry.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service a log line belongs to, decided when it is written.
 *
 * <p>In the all-in-one mode four services share one JVM but each has its own Vert.x instance, so the
 * Vert.x instance that owns the current context names the service. Off Vert.x threads (main, exporter
 * threads) the name is the system property {@value #SERVICE_PROPERTY}, else the variable
 * {@value #SERVICE_VARIABLE}, else the service of the process if it hosts exactly one (services
 * registered as sharing their process never count as "the" service of the process).
 */
public final class ServiceNames {

    /** System property naming the service of lines logged outside any service's Vert.x threads. */
    public static final String SERVICE_PROPERTY = "chaoslab.service";
    /** Environment variable with the same meaning as {@link #SERVICE_PROPERTY}. */
    public static final String SERVICE_VARIABLE = "CHAOSLAB_SERVICE";

    private static final Map<Object, String> BY_VERTX = new ConcurrentHashMap<>();
    private static final Map<Object, String> SOLE = new ConcurrentHashMap<>();
    private static final ThreadLocal<String> SPEAKING_FOR = new ThreadLocal<>();

    private ServiceNames() {}

    /**
     * Lines logged on {@code vertx}'s threads get {@code service}; when {@code sharedProcess} is false,
     * so do lines logged off Vert.x threads while it is the only such service.
     */
    public static void register(Vertx vertx, String service, boolean sharedProcess) {
        BY_VERTX.put(vertx, service);
        if (!sharedProcess) {
            SOLE.put(vertx, service);
        }
    }

    public static void unregister(Vertx vertx) {
        BY_VERTX.remove(vertx);
        SOLE.remove(vertx);
    }

    /**
     * Runs {@code action} with lines logged on this thread attributed to {@code service}: for code that
     * works for a service on a thread that is not its own (an exporter's HTTP thread, for instance).
     */
    public static void speakingFor(String service, Runnable action) {
        String previous = SPEAKING_FOR.get();
        SPEAKING_FOR.set(service);
        try {
            action.run();
        } finally {
            if (previous == null) {
                SPEAKING_FOR.remove();
            } else {
                SPEAKING_FOR.set(previous);
            }
        }
    }

    /** The service of the calling thread, or {@code null} when it cannot be told. */
    public static String current() {
        String explicit = SPEAKING_FOR.get();
        if (explicit != null) {
            return explicit;
        }
        Context context = Vertx.currentContext();
        if (context != null) {
            String service = BY_VERTX.get(context.owner());
            if (service != null) {
                return service;
            }
        }
        String configured = System.getProperty(SERVICE_PROPERTY);
        if (configured == null) {
            configured = System.getenv(SERVICE_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (SOLE.size() == 1 && BY_VERTX.size() == 1) {
            for (String only : SOLE.values()) {
                return only;
            }
        }
        return null;
    }
}
