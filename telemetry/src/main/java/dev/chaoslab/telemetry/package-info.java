/**
 * Per-service telemetry: {@link dev.chaoslab.telemetry.ServiceTelemetry} (a Prometheus meter registry with
 * exemplars, an OpenTelemetry SDK of the service's own, configured by {@code OTEL_*}), its options, the
 * {@code /metrics} handler, the access log and the exemplar plumbing. May use {@code logging}, Vert.x, Micrometer,
 * OpenTelemetry and logback; depends on no other chaoslab module (every other module depends on this one).
 */
package dev.chaoslab.telemetry;
