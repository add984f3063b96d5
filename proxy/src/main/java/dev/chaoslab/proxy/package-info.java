/**
 * {@code chaoslab proxy}: an HTTP/1.1 reverse proxy, built on {@code vertx-http-proxy}, that puts the chaos
 * module's engine and API and the telemetry module's RED metrics, spans and access log in front of any HTTP
 * service. {@link dev.chaoslab.proxy.ChaosProxy} runs one; {@link dev.chaoslab.proxy.ProxyConfigReader} reads
 * several from YAML.
 *
 * <p>May depend on the chaos and telemetry modules and Vert.x; never on the shop (targets) or the simulator.
 */
package dev.chaoslab.proxy;
