/**
 * The JSON log line: its encoder, the asynchronous appender, and the providers of the {@code service} and
 * context fields ({@code run_id}) decided when a line is logged. Depends on no other chaoslab package.
 * {@link dev.chaoslab.telemetry.logging.LogFieldsRegistration} is the one class of chaoslab allowed to touch
 * {@code io.vertx.core.internal}, because the Vert.x SPI it implements takes an internal type.
 */
package dev.chaoslab.telemetry.logging;
