package dev.chaoslab.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Map;
import net.logstash.logback.marker.LogstashMarker;

/**
 * The fields of one access log line ({@code method}, {@code route}, {@code path}, {@code status},
 * {@code duration_ms}, then the {@link AccessLogFields} the application added), written by the JSON encoder as
 * top-level fields, in that order: what {@code Markers.appendEntries} of a map of them writes, without the map per
 * request and without the object mapper's serializer look-up per value on the writer thread. Immutable.
 */
final class AccessLineMarker extends LogstashMarker {

    private final String method;
    private final String route;
    private final String path;
    private final int status;
    private final double durationMs;
    private final Map<String, String> extra;

    /** {@code extra} is kept, not copied: give a map nobody changes afterwards, in the order of its fields. */
    AccessLineMarker(
            String method, String route, String path, int status, double durationMs, Map<String, String> extra) {
        super(MARKER_NAME_PREFIX + "ACCESS_FIELDS");
        this.method = method;
        this.route = route;
        this.path = path;
        this.status = status;
        this.durationMs = durationMs;
        this.extra = extra;
    }

    @Override
    public void writeTo(JsonGenerator generator) throws IOException {
        generator.writeStringField("method", method);
        generator.writeStringField("route", route);
        generator.writeStringField("path", path);
        generator.writeNumberField("status", status);
        generator.writeNumberField("duration_ms", durationMs);
        for (Map.Entry<String, String> field : extra.entrySet()) {
            generator.writeStringField(field.getKey(), field.getValue());
        }
    }

    @Override
    protected String toStringSelf() {
        StringBuilder text = new StringBuilder("{method=").append(method);
        text.append(", route=").append(route).append(", path=").append(path);
        text.append(", status=").append(status).append(", duration_ms=").append(durationMs);
        extra.forEach((key, value) -> text.append(", ").append(key).append('=').append(value));
        return text.append('}').toString();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
